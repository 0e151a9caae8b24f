"""``python -m saferail`` runs the command line."""

from saferail.cli import main

if __name__ == "__main__":
    main()
