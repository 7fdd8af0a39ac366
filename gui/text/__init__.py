"""Qt-free wording shared by the headline strip, the command line, captions and key numbers."""
