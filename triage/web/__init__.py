"""The web app: a thin Flask client of triage.engine (build_app is in triage.web.app)."""
