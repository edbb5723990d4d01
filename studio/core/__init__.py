"""The pure domain layer: model, capabilities, validation, prompts. No I/O, no Qt."""
