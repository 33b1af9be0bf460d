"""The MkDocs plugin: a thin adapter that hands the page generator's pages to MkDocs."""
