"""A fixed, finite pool of captions for the world.

Every (shape, color, background, motion) combination gets several distinct training captions
drawn from the training templates and synonyms; a paraphrase test set uses only the held-out
templates/words so it measures generalisation to wording the model never saw.
Row 0 of the pool is the empty prompt (the unconditional embedding for classifier-free guidance).
"""
import json
import random

VOWELS = "aeiou"


def _fix_articles(text):
    # "a orange ball" -> "an orange ball"; only the article before a vowel-initial word changes.
    words = text.split(" ")
    for i in range(len(words) - 1):
        if words[i].lower() == "a" and words[i + 1][:1].lower() in VOWELS:
            words[i] = "an" if words[i] == "a" else "An"
    return " ".join(words)


def training_words(entry, key="words"):
    """The suite's words plus the training-only extras ("extraWords", "extraPresent", "extraGerund")."""
    extra = "extra" + key[0].upper() + key[1:]
    return entry[key] + entry.get(extra, [])


def check_held_out(world):
    """No training caption may use a held-out word (colors, backgrounds, shapes: any of its own words)
    or a held-out motion phrase: the paraphrase sets must stay unseen."""
    def tokens(phrases):
        return {t for p in phrases for t in p.lower().replace("-", " ").split()}
    for group in ("colors", "backgrounds", "shapes"):
        train = tokens(p for e in world.spec[group] for p in training_words(e))
        for e in world.spec[group]:
            leak = (tokens(e["heldOutWords"]) - tokens(e["words"])) & train
            if leak:
                raise ValueError(f"{group}: training vocabulary uses held-out word(s) {sorted(leak)}")
    train = {p for m in world.spec["motions"] for k in ("present", "gerund") for p in training_words(m, k)}
    for m in world.spec["motions"]:
        leak = set(m["heldOutPresent"] + m["heldOutGerund"]) & train
        if leak:
            raise ValueError(f"motions: held-out phrase(s) {sorted(leak)} used in training")


def compose(world, combo, rng, held_out=False, mix=False):
    """One caption for a combo. held_out: use held-out templates/words; mix: held-out only for one slot."""
    s, c, b, m = combo
    sp, cp, bp, mp = world.shapes[s], world.colors[c], world.backgrounds[b], world.motions[m]
    cap = world.spec["captions"]
    slots = {"template", "color", "shape", "bg", "bgphrase", "motion"}
    held = slots if held_out and not mix else ({rng.choice(sorted(slots))} if held_out else set())

    def pick(key, train, test):
        return rng.choice(test if key in held else train)

    template = pick("template", cap["templates"], cap["heldOutTemplates"])
    bgphrase = pick("bgphrase", cap["backgroundPhrases"], cap["heldOutBackgroundPhrases"])
    text = template.format(
        color=pick("color", training_words(cp), cp["heldOutWords"]),
        shape=pick("shape", training_words(sp), sp["heldOutWords"]),
        present=pick("motion", training_words(mp, "present"), mp["heldOutPresent"]),
        gerund=pick("motion", training_words(mp, "gerund"), mp["heldOutGerund"]),
        bgphrase=bgphrase.format(bg=pick("bg", training_words(bp), bp["heldOutWords"])))
    text = _fix_articles(text)
    return text[0].upper() + text[1:] if rng.random() < 0.3 else text


def build_pool(world, per_combo=10, test_combos=240, seed=1234):
    """Returns list of dicts {text, combo, split} with row 0 = empty prompt; all texts distinct."""
    check_held_out(world)
    rng = random.Random(seed)
    rows = [{"text": "", "combo": None, "split": "empty"}]
    seen = {""}
    combos = world.combos()
    for combo in combos:
        got, tries = 0, 0
        while got < per_combo and tries < 200:
            tries += 1
            t = compose(world, combo, rng)
            if t.lower() in seen:
                continue
            seen.add(t.lower())
            rows.append({"text": t, "combo": list(combo), "split": "train"})
            got += 1
    for i, combo in enumerate(rng.sample(combos, test_combos)):
        for _ in range(50):
            t = compose(world, combo, rng, held_out=True, mix=(i % 2 == 1))
            if t.lower() not in seen:
                seen.add(t.lower())
                rows.append({"text": t, "combo": list(combo), "split": "paraphrase"})
                break
    return rows


def write_pool(rows, txt_path, json_path):
    with open(txt_path, "w") as f:
        for r in rows:
            f.write(r["text"] + "\n")
    with open(json_path, "w") as f:
        json.dump(rows, f)
