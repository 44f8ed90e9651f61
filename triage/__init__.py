"""CAR-T Toxicity Trainer: an educational tool for recognising and grading CAR T-cell toxicities."""

__version__ = "0.1.0"


def create_app(test_config=None, content=None):
    """Build the Flask app (imported lazily so the engine never pulls in Flask)."""
    from .web.app import build_app

    return build_app(test_config, content)
