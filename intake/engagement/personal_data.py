def register_defaults():
    pass
