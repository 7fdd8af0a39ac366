"""The Qt front end and the command line. Importing this package loads no Qt by itself."""
