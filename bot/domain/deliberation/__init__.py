"""说事议事 and 投票表决: suggestions, topics at a level, meetings and votes."""
