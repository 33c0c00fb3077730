"""党群阵地@你, one feature in one package: staff plan activities (planning), residents sign up
(signups), staff record who came (attendance), the clock posts previews and reminders (jobs);
support holds what they share. Callers import the module they need; nothing is re-exported
here, so each import says which part of the feature it leans on.
"""
