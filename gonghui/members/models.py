"""The member registry (会员实名制): workers, memberships and their events."""
