"""Queue transparency: my technical-aid queue, rehabilitation e-reference, statistics."""
