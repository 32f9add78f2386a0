"""Analysis over many games: batched play (``runner``), summaries (``simulate``), round robins
(``tournament``) and deal quality against the Nash bargaining point (``nash``)."""
