"""Planning and preparing a bespreking."""
