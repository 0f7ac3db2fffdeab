"""A recipe: everything that decides what a bundle is (architecture, data, schedules, step budgets).

One JSON file per bundle under tools/model/recipes/; `build` trains and exports from it and writes it
into the bundle's model.json, so a bundle says how it was made. Budgets are counted in steps, never
wall-clock minutes, so the same recipe gives the same model on any machine.
"""
import json
import pathlib

from .env import RECIPES

REQUIRED = {
    "captions": ("perCombo", "testCombos", "seed"),
    "vae": ("steps", "batch", "lr", "warmupSteps", "cosineTail", "clipFrames", "crop", "latentNoise",
            "latentL2", "seed"),
    "decoder": ("steps", "batch", "lr", "frames", "edgeWeight", "seed"),
    "dit": ("dim", "depth", "heads", "steps", "batch", "lr", "warmupSteps", "minLrFraction", "buckets",
            "cacheSeed", "trainShift", "lowShift", "lowShiftShare", "captionDropout", "motionWeight",
            "objectWeight", "emaMax", "conditioning"),
    "sampler": ("type", "shift", "defaultSteps", "defaultGuidance"),
    "video": ("fps", "defaultWidth", "defaultHeight", "defaultFrames", "resolutions", "frames", "maxFrames",
              "maxSteps"),
}
# Which frames a training clip is given clean (the rest are noised): see train_dit.conditioning_mask.
CONDITIONING_KINDS = ("none", "first", "head", "tail", "ends")
DEFAULT = RECIPES / "tiny-shapes.json"


def load(path=DEFAULT):
    """Reads and checks a recipe; a missing key or an unknown conditioning kind is an error, not a default."""
    path = pathlib.Path(path)
    recipe = json.loads(path.read_text())
    missing = [f"{section}.{key}" for section, keys in REQUIRED.items() for key in keys
               if key not in recipe.get(section, {})]
    if missing or "name" not in recipe or "sizes" not in recipe:
        raise ValueError(f"{path}: recipe lacks {missing or ['name/sizes']}")
    unknown = set(recipe["dit"]["conditioning"]) - set(CONDITIONING_KINDS)
    if unknown:
        raise ValueError(f"{path}: unknown conditioning kinds {sorted(unknown)} (known: {CONDITIONING_KINDS})")
    recipe["path"] = str(path)
    return recipe


def override_steps(recipe, vae=None, decoder=None, dit=None):
    """A continued run raises a stage's budget without editing the recipe file (recorded in model.json)."""
    for section, steps in (("vae", vae), ("decoder", decoder), ("dit", dit)):
        if steps is not None:
            recipe[section]["steps"] = int(steps)
    return recipe


def manifest_section(recipe):
    """What model.json records of the recipe: the file's name and every setting (not the local path)."""
    return {"file": pathlib.Path(recipe["path"]).name,
            **{k: v for k, v in recipe.items() if k not in ("path", "about")}}
