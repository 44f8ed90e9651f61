"""Teaching: the scenario library, facilitator and learner modes, practice cases."""
