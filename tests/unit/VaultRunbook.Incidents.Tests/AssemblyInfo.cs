// The pipeline tests share the process environment (VAULT_RUNBOOK_INCIDENTS, the journal) and two cores: one at a time.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
