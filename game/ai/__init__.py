"""Computer leaders: decide orders for a batch of games from what their side may observe."""
