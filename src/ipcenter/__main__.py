from ipcenter.cli import main

main()
