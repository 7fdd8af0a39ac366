"""Files and folders: atomic writes, scenario files, the autosaved session, the app-data
folder and the crash report."""
