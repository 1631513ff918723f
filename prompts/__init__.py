"""The data files (prompts, readers, glossary, phrases), shipped inside the wheel as the package `coach._prompts`.

They live at the top of the repository so a non-programmer finds and edits them; setup.py maps this folder to
`coach._prompts`, and coach reads it with importlib.resources (coach/data.py), installed or editable alike.
"""
