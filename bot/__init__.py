"""邻里 (Linli): a party-mass service bot for residential WeChat groups."""
