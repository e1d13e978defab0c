"""Test pictures: a scanned certificate, and the same page scanned again (rotated, lighter, re-compressed)."""

import io
import random

from PIL import Image, ImageDraw, ImageEnhance, ImageFilter


def certificate_scan(seed: int, size: tuple[int, int] = (400, 300)) -> Image.Image:
    """A page with a frame, a seal and lines of "text" placed by the seed: each seed is a different document."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test pictures, not secrets
    image = Image.new("RGB", size, (250, 248, 240))
    draw = ImageDraw.Draw(image)
    width, height = size
    draw.rectangle((10, 10, width - 10, height - 10), outline=(120, 30, 30), width=4)
    for _ in range(rng.randint(6, 12)):
        y = rng.randint(30, height - 40)
        x = rng.randint(20, width // 2)
        draw.rectangle((x, y, x + rng.randint(60, width - x - 20), y + rng.randint(6, 14)), fill=(40, 40, 40))
    cx, cy, r = rng.randint(80, width - 80), rng.randint(80, height - 80), rng.randint(30, 60)
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=(200, 20, 20), width=5)
    return image


def rescan(image: Image.Image, seed: int) -> Image.Image:
    """The same page through a scanner again: a slight turn, other exposure, blur, a different size."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test pictures, not secrets
    turned = image.rotate(rng.uniform(-1.5, 1.5), resample=Image.Resampling.BILINEAR, fillcolor=(250, 248, 240))
    lighter = ImageEnhance.Brightness(turned).enhance(rng.uniform(0.9, 1.1))
    blurred = lighter.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.9)))
    scale = rng.uniform(0.8, 1.2)
    return blurred.resize((int(image.width * scale), int(image.height * scale)))


def jpeg(image: Image.Image, quality: int = 85) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()
