"""Allow `python -m oncodata` to run the command-line interface."""

from oncodata.cli.app import main

main()
