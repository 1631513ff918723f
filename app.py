"""The web UI: `python app.py` (or `make run`, or `coach serve`) serves it on http://127.0.0.1:7860."""

from coach.ui import main

if __name__ == "__main__":
    main()
