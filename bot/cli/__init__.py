"""The command line: argparse entry (main), sub-commands and the offline demo."""
