"""campaign-bot: time-boxed work campaigns in a hierarchical organisation, run by chat."""

__version__ = "0.1.0"
