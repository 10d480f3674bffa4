"""Patent numbers as users write them: read each into its one canonical form (``ipcenter numbers``)."""
