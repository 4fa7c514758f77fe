// The tests share the process environment (KUBECONFIG, HOME) and two cores with kubectl processes: one at a time.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
