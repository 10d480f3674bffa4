"""Pure domain core: numbers, IPC, legal status, regions, applicant types, dates. No I/O, no other ipcenter imports."""
