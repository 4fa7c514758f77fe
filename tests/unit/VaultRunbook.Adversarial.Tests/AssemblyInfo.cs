using Xunit;

// One adversarial scenario at a time: they start sandboxes, child processes and TLS listeners, and the machine is
// shared; the figures they print are then the same from run to run.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
