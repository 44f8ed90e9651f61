"""Live class sessions: learners answer on their phones, the host shows the room's answers beside the engine's."""
