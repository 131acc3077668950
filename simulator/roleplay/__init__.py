"""A human role-play of a scenario's consultation: role cards (角色卡) for each group and
organisation, the facilitator's guide, and the class's result placed in the model's distribution."""
