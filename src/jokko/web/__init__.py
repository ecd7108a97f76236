"""The web shell: base templates, home page, language switch, analysis page, static assets."""
