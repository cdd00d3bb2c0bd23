"""`python -m syndicate` runs the command line."""

from syndicate.entry import main

main()
