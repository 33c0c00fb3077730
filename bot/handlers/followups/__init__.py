"""Follow-ups: words about a case already open (or just closed), read before they become a
new case. `entry.about_own_case` keeps the order of the checks; each module holds one kind:
her own case (`own`, `place`, `unfixed`), neighbours on a case (`neighbours`, `me_too`),
where a case stands (`status`), emergencies (`emergencies`) and a member's progress (`news`).
"""
