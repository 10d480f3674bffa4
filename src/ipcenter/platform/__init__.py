"""The platform: the web app (`ipcenter serve`), the app database and its migrations, the shared per-process
state (corpus versions and the heavy objects loaded from them). Domains plug in through `ipcenter.domains`."""
