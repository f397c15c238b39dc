"""Where the core meets the outside: the MkDocs plugin, the Pagefind index, the `mentorhub`
command and starter files. Only this layer imports MkDocs."""
