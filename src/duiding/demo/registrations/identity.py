"""Who is who in the files: BSNs that pass the elfproef, and pseudonyms for persons and households.

Each is a fixed function of the seed and the person's (or household's) number, so the same
person carries the same BSN in every registration, whichever registrations are simulated and
in whatever order: stapeling can be found, and no state is shared between simulations.
"""

from __future__ import annotations

import math
import random

from duiding.demo.registrations.assumptions import BSN_PREFIX

BSN_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)
_LAST_DIGITS = [[d for d in range(10) if (total + 2 * d) % 11 != 10] for total in range(11)]
"""For a weighted sum (mod 11) of the first seven digits: the eighth digits that give a check digit."""
_MASK = (1 << 64) - 1


def bsn_valid(text: str) -> bool:
    """Nine digits whose weighted sum (weights 9…2, −1) is a non-zero multiple of 11."""
    if len(text) != 9 or not text.isdigit():
        return False
    total = sum(int(digit) * weight for digit, weight in zip(text, BSN_WEIGHTS, strict=True))
    return total != 0 and total % 11 == 0


def _weighted(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=True))


def _unit(rng: random.Random, modulus: int) -> int:
    """A random multiplier without a common factor with ``modulus`` (so multiplying permutes)."""
    while True:
        factor = rng.randrange(modulus // 3, modulus)
        if math.gcd(factor, modulus) == 1:
            return factor


class Identities:
    """BSNs and pseudonyms for a seed.

    A BSN is the prefix, ``f`` free digits and the check digit. For every choice of the first
    ``f - 1`` free digits at least 9 of the 10 last digits give a valid check digit, so person
    ``p`` maps one-to-one onto a valid number: a seeded permutation of ``p`` picks the block
    (first digits, permuted again) and which of its first nine valid last digits.
    """

    def __init__(self, seed: int) -> None:
        rng = random.Random(f"{seed}:identities")
        free = 8 - len(BSN_PREFIX)
        self._blocks = 10 ** (free - 1)
        self.capacity = 9 * self._blocks
        """How many persons can get a BSN."""
        self._person_factor, self._person_shift = _unit(rng, self.capacity), rng.randrange(self.capacity)
        self._block_factor, self._block_shift = _unit(rng, self._blocks), rng.randrange(self._blocks)
        self._person_key, self._household_key = rng.getrandbits(64), rng.getrandbits(64)
        self._prefix_sum = _weighted(BSN_PREFIX, BSN_WEIGHTS[: len(BSN_PREFIX)])
        self._width = free - 1
        weights = BSN_WEIGHTS[len(BSN_PREFIX) : 7]
        low = len(weights) // 2  # weighted digit sums of a block: high part + low part, from two small tables
        self._split = 10**low
        self._high_sums = [
            _weighted(f"{n:0{len(weights) - low}d}", weights[: len(weights) - low])
            for n in range(10 ** (len(weights) - low))
        ]
        self._low_sums = [_weighted(f"{n:0{low}d}", weights[len(weights) - low :]) for n in range(self._split)]
        self._bsn: dict[int, str] = {}
        self._persons: dict[int, str] = {}
        self._households: dict[int, str] = {}

    def bsn(self, person: int) -> str:
        """The person's BSN (``person`` below ``capacity``)."""
        found = self._bsn.get(person)
        if found is None:
            if not 0 <= person < self.capacity:
                raise ValueError(f"geen BSN voor persoon {person}: de reeks {BSN_PREFIX}… is te klein")
            spread = (self._person_factor * person + self._person_shift) % self.capacity
            block, rank = divmod(spread, 9)
            block = (self._block_factor * block + self._block_shift) % self._blocks
            high, low = divmod(block, self._split)
            total = self._prefix_sum + self._high_sums[high] + self._low_sums[low]
            last = _LAST_DIGITS[total % 11][rank]
            found = self._bsn[person] = f"{BSN_PREFIX}{block:0{self._width}d}{last}{(total + 2 * last) % 11}"
        return found

    def person(self, person: int) -> str:
        """The person's pseudonym, for sources that are delivered pseudonymised."""
        found = self._persons.get(person)
        if found is None:
            found = self._persons[person] = _scramble(person + self._person_key)
        return found

    def household(self, household: int) -> str:
        """The household's pseudonym, the same in every source."""
        found = self._households.get(household)
        if found is None:
            found = self._households[household] = _scramble(household + self._household_key)
        return found


def _scramble(number: int) -> str:
    """16 hexadecimal characters: a one-to-one scramble (the splitmix64 finaliser) of a 64-bit number."""
    x = number & _MASK
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK
    return f"{x ^ (x >> 31):016x}"
