"""Canonical opinion dynamics as pure, vectorised functions over numpy arrays.

Opinions ``x`` are floats of shape ``(N,)`` or ``(N, K)`` (one column per issue
option).  The distance between two agents is the largest absolute difference
over columns (L-infinity), i.e. ``|xi - xj|`` in 1-D.  Every function returns new
arrays, never mutates its inputs, and accepts ``rng`` (``None``, an int seed, a
``numpy.random.SeedSequence`` or a ``numpy.random.Generator``) so that all rules
share one call style; deterministic rules simply ignore it.  Invalid input
raises :class:`simulator.i18n.BilingualError` (a ``ValueError``).

Models
------
- DeGroot, M. H. (1974). Reaching a consensus. *JASA* 69(345), 118-121.
- Friedkin, N. E. & Johnsen, E. C. (1990). Social influence and opinions.
  *J. Math. Sociology* 15(3-4), 193-206.
- Deffuant, G., Neau, D., Amblard, F. & Weisbuch, G. (2000). Mixing beliefs
  among interacting agents. *Advances in Complex Systems* 3, 87-98.
- Hegselmann, R. & Krause, U. (2002). Opinion dynamics and bounded confidence:
  models, analysis and simulation. *JASSS* 5(3).
- Mäs, M. & Flache, A. (2013). Differentiation without distancing. Explaining
  bi-polarization of opinions without negative influence. *PLoS ONE* 8(11),
  e74516.
"""

from .arguments import argument_exchange, argument_opinions, init_arguments
from .averaging import degroot, degroot_consensus, degroot_weights, friedkin_johnsen, friedkin_johnsen_equilibrium
from .bounded import deffuant, hegselmann_krause, hegselmann_krause_run
from .clusters import cluster_labels, cluster_sizes, clusters

__all__ = [
    "argument_exchange",
    "argument_opinions",
    "cluster_labels",
    "cluster_sizes",
    "clusters",
    "deffuant",
    "degroot",
    "degroot_consensus",
    "degroot_weights",
    "friedkin_johnsen",
    "friedkin_johnsen_equilibrium",
    "hegselmann_krause",
    "hegselmann_krause_run",
    "init_arguments",
]
