"""帮办代办 use cases (issue 14): the 清单, requests, the team, the ladder, the 台账."""
