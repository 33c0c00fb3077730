"""说事议事 and 投票表决 use cases."""
