"""Handwriting and text faces from the npm registry (@fontsource packages of Google Fonts, OFL-licensed).

Why: the recogniser reads faces it has never seen only as well as its training faces vary.
Debian packages about 45 handwriting families; Google Fonts has about 350 more (school scripts,
marker, pencil, felt-pen and cursive hands), and the npm registry, which this project may reach
where the open internet is closed, carries each as a package. The same goes for the text faces
that web pages and apps are set in (Inter, Montserrat, Source Sans, Playfair Display, ...), which
is most of what a screenshot shows: Debian has few of them. Training only: nothing here is
needed to serve, and the validation faces (`HELDOUT_HANDWRITING`, `HELDOUT_PRINTED`) are none of
these. A second set of popular text faces (`PROBE_PACKAGES`) is never trained on: it is how
`benchmarks/web_fonts.py` measures how the model reads faces it has not seen.

Each package is pinned by version and by the registry's own sha512 integrity, so every fetch
gives the same bytes. Only the Latin subset's WOFF files are kept (FreeType reads WOFF; WOFF2
would need Brotli in FreeType).

    python -m text_recognizer.data.font_packages            # into ~/.cache/text_recognizer/fonts
    python -m text_recognizer.data.font_packages --probe    # and the faces the benchmark reads
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import os
import re
import sys
import tarfile
import urllib.request
from pathlib import Path

#: Where fetched faces go; `synthetic_lines.discover_fonts` looks here too.
DEFAULT_DEST = Path(os.environ.get("TEXT_RECOGNIZER_FONT_CACHE", Path.home() / ".cache" / "text_recognizer" / "fonts"))
#: Subfolder whose every face is a handwriting face, whatever its family is called.
HANDWRITING_SUBDIR = "handwriting"
#: Subfolder of fetched text faces for training (`PRINTED_PACKAGES`).
PRINTED_SUBDIR = "printed"
#: Subfolder of the text faces kept out of training (`PROBE_PACKAGES`). Discovery under the font
#: cache reads `printed/` only, never `probe/printed/`; `discover_fonts((cache / "probe",))` reads these.
PROBE_SUBDIR = f"probe/{PRINTED_SUBDIR}"
REGISTRY = os.environ.get("NPM_CONFIG_REGISTRY", "https://registry.npmjs.org").rstrip("/")

#: @fontsource package -> (version, sha512 integrity of its tarball). Google Fonts' handwriting
#: faces that a person's hand could have written: school and print hands, markers, pencils,
#: felt pens, connected scripts. Left out after a look at each: calligraphy and display faces
#: that nobody writes like; faces that mix capitals into the lower case (Give You Glory,
#: Nothing You Could Do, Just Me Again Down Here: their "k", "r" or "brown" would teach capitals
#: as lower case) or draw a letter as another (Over the Rainbow's "x", Mynerve's "q",
#: Hachi Maru Pop's ","); faces without every character (Covered By Your Grace, Yeon Sung);
#: Andika (a print face); Nanum Pen Script (Debian's is already used).
#: The second pass took the rest of Google Fonts' "handwriting" category (listed with its
#: category in npm's `google-font-metadata`): 20 of the Playwrite school hands (one per school
#: model; their "-guides" twins draw ruled lines and are left out, as are Edu's arrows and dots),
#: the Edu print and cursive hands, and the connected scripts. Left out after a look: flourished
#: or engraved faces (Ballet, Festive, Fleur de Leah, Monsieur La Doulaise, Miss Fajardose,
#: Princess Sofia, Neonderthaw's outlines), calligraphy and print faces (Eagle Lake, Fondamento,
#: Kings, Lugrasimo, Quintessential, Berkshire Swash, Bonbon, Cause, Iansui, Lakki Reddy,
#: LXGW WenKai), Meie Script (tiny old-style digits), Liu Jian Mao Cao (its "x" is a "p"), and
#: faces Debian already has (Kristi, Dancing Script, Kaushan, Leckerli, Klee One, Comic Neue).
PACKAGES: dict[str, tuple[str, str]] = {}

_PINS = """
aguafina-script 5.3.0 sha512-Ji13z0WL0MOSxX4KEm+3Nep4oY1/iZANWEBLPejDaA1Z2wUVXefWECeVoHKGPWTJGrJLj9jX92Yv1N1gQwdL1w==
alex-brush 5.3.0 sha512-n3m2aZxsc8r748fBiYqfiVJ5l5iJe7ui5KPh2oBz07jsbr7zKynZ6F5MgXbR1iV8J0hPetmp6g5OwKYRZCDUcw==
allison 5.3.0 sha512-IlW57qT5AI4Hq6zAyC7gQ3AycTRq8RCjlKWW7/iVR8jnbiwj8e0RMhPWHqCnrbL7t8mxHTsUGVnOVlMNPLJhwg==
allura 5.3.0 sha512-UqloNNVxl03+psvtIXCYuo7/v2mD9XmX2HGiczhK6NmDDwbFJJDjrbHZ5tpNuVXKsMEQPc46tZu3hewYN82/YA==
amatic-sc 5.3.0 sha512-qGAftmq7o21ViixCApztfLOe6TP0VFp3x9ac5KVTwBqW6SU8YJeGWgcLHOfBkooAI+/411R/flMqXos8GseNkA==
amita 5.2.8 sha512-3l43NfzstJ10HNMbbO4DkR3Zlf1Ts86K1HMb8kpErntQAVsgs/Nv3Bqs/eEtAVGlDOFFtA1SUwtJxLNl9D6CyQ==
annie-use-your-telescope 5.3.0 sha512-FKBTv9j8AMRlHGRtTTSF3NYWs/0MVfOZzpvgp5phBVW+zAzh1iC+uglKiPYCYNy0T+Cr4wyREqVezYpHxQuskw==
architects-daughter 5.3.0 sha512-uezOgAlbhmf9nDW69VYq31lXNA+0uRFWXBGCSFWLXVcrNESFHpNjvu11kJss1PMsfH/YKz1hnnYB+JSNI/t+ew==
arizonia 5.3.0 sha512-fvYmTg9qeA4IIEPhzKaqr9/HVCLS425ChceUNxu1B5NFwXTes7sVV/3f3vmT7iWgRFOCCLty0Icb0RsQr39n5g==
babylonica 5.3.0 sha512-pgHeda0nwQF7yKUddZBxxdCuk0+RWxnTBnCw/kU3Z6igCPw+N0x1PwZ4LRiXAs46FpZGM6DNy+SfJZoZe0Yo/w==
bad-script 5.3.0 sha512-7MElotXA5LHyvyElVXnwPpT71wYSKLmpvm7TV0e4ahaRP6D1vXocyfHOgENi9MHgRmGxhmz7Gr1fDuji0MNvkQ==
beth-ellen 5.3.0 sha512-P0v/YqMWSrULFuccqjUwKMiyIuYOsx76+8b0R5kkg5aPd+ugAtym3n6e+a7CfmVpfYRRHM1ggeMNV9XXF+lMcw==
bilbo 5.3.0 sha512-znykai5zvUHzUrYd5rIkHXj9NUjd+Q4mI+metsgijsCIkYrNIyvqRjAkm8lV4VbqUYTIYSuX+8dau6d3oYi8rg==
birthstone 5.3.0 sha512-cWuqsQXUc2kDNEG7IRZV3A+FDeD829pETTYkNYgcO7KyARjfSZuFmABvNjVv9J/7wYb51nQ6L4wZHGqCrH1vPg==
birthstone-bounce 5.3.0 sha512-DWJc8DWsge7yq6ir80ZSmEdTJglNzYCiSQ1GMkTJHe+OKgSJ9lE2pPRpkmirgIXmbiH6vlenRCwCs32G+wWY5A==
bonheur-royale 5.3.0 sha512-LWdvBX2W7Jd2s1teWnY7XM7edzePosZaWijn2Hwwv8Xcd70WNhxiRnJbx2UG+G5UsJuT7oGmyyDUa/NAMRoTLg==
borel 5.3.0 sha512-XYt/ZcbObYv+CT+861JBfpXgGiP0JCiFWnBw3v32Ei9OcBwOWC39vTi9XY781LltDfhvbudd+iusr3hOckmQWw==
butterfly-kids 5.3.0 sha512-u+7pYEBDIHNaQcl6ur+7dxt+rpK0NONy7gKU1vztGoEBw8VuxK5Sjeyx+UlkUiOS7zGSydOoBYghYYfGfQ0tng==
calligraffitti 5.3.0 sha512-mNxK51nBKzpIvpDeOeEgByf6RMUfYVODOuZ5CWe0LGEnJAZeB614tiSjjkbxYe9UGOLAar002ooU4ufGIZXKdA==
caramel 5.3.0 sha512-l1rN5YYSqvj25+pybBDAkOGAzr3D345YzFQ0jhKq9r9d3nw0WCWW58B+NehQpi4pZ8WBQ2HWTBFl7hixu0kuzQ==
carattere 5.2.8 sha512-uj5zCqAVPdpGtK3SEo0bYMtHVhaK104llYUrWOy2Ff43fkjhRKgtIQSmgzYcM3DfQ+U80hd0YSq5VhNBwvD6jw==
caveat 5.3.0 sha512-eHTfzQxFSW9ABERRLNruHoNJmKed2J7pqTUc5lp4a4POMgXGKpxmWj3d9Hz10kmAg6iuTTLe6UagbA4bnsmfQw==
caveat-brush 5.3.0 sha512-BHSP/9EKNUtnSj7h4TXuYKOrQWgnkCGm7QMHYiie0xSxtlWKbND6wLkhAgwUtUpbz5k8XL8CWPRrL6tDV+JC8w==
cedarville-cursive 5.3.0 sha512-wHP/LV0JvHoZRpfNAnDa9p9dAjIqB0gaG44MLs4+MsuQhL3i6+zGDTmxvxMx4bRe6r/HkChxIaMxjWOfjfSdGg==
charm 5.2.7 sha512-7YQHNfUyTApkgghY2A1AQ/Hq1q4sxF0L2g4CzOHgQdQ8o8X2oUMWNDN0QU3tWK6rezvtXJO3jLjiPma+GD1DIQ==
charmonman 5.2.7 sha512-+CGVF2NBGvQxgcukypZ1XyESDJ4hx15s3xnCcvFt3xmY41a5A3BbTV8nfGd3pSsSjO31TygrCacFBPZjjcikEg==
chilanka 5.3.0 sha512-xn3vzDjjiW2U9ADLgKZjN3whzG0UI018/9y9LuaJtbFylgC+1KARXLsNc4LeQfoukA6LtSLScya7DsnLgBNldA==
clicker-script 5.3.0 sha512-asNKcjN+1FGH1BEzfKniC088YKFkQpZBfMN8dOppNvKX2+CEHHpLur23xFSQ4fc20EU1lRb+3FCM9s1uLJ6EFg==
comforter 5.2.8 sha512-zaL332/ummxPS37EJI7j+9IiFJOrfb1RV1tEUg+G9Q3uSRbLxVF8k3v/LnrL8hlhkuFCSny1v4kr29o3PZmDDA==
comforter-brush 5.3.0 sha512-IbZzcqcRs/o+JRINszM/I/ObP+s7WYhVigLxbBabZqloLn/N4vP3ouv6RvMDsywm4YqcRzOZ/+gEVci85VLKyQ==
coming-soon 5.3.0 sha512-a5SW74ZAVTiGhu3Ml+rRvySYiW4kCXps+CTfPGIoEMbOl11Cy2xOF5UE2Pxlili4fGYrd/bAStaDFqbtEemx6A==
condiment 4.5.1 sha512-1jadnryh62Z1of2ckCYWIfB9V4hpO59eMZFil5g9iVEBRmxkebMyV18bTcUnl3yPnu2/f3ivipchxX8ke3seAg==
cookie 5.3.0 sha512-AtnBsONRkiiS+Qq9SgzdcbxMoBgLZVgeHOOqbwtfbmOdxIHKQBhkGtCHk9x5e7iY3zifPC+Q0dQ8SwsO9iLeFQ==
corinthia 5.3.0 sha512-q9LxRjynQR5cNPrBzB6J9Ho+My1qObNYSdBxWzZCR72LuLnVeRIo+5wzUj2b5EJtvJU/AnXE/fagn8WDwPBDlQ==
courgette 5.3.0 sha512-WIJoNC4W4ur9pvqknO8SJUld0L7U0YDjgv23f8pE+Ec/nMDCVQ6NUNc3xdPSDIKTsXxVJ8lMOkk2UrkIrcc9VQ==
crafty-girls 5.3.0 sha512-y4od4B+RjEqi7lXu3YTrLpKY5P+ZMPw/M2pAuUSQQPRJXD2zyZKldxqD53osItC/xWa++N5OmsZ3+O0XM15ZXA==
cute-font 5.2.8 sha512-WwkCWEwKavcfDMhMfC2RyZWHOXxOuJHp/1bp4r580qx4RjlVL2Sic/iKvkqXGZfUM0kcup9V0J3bD1yBXzlY6Q==
damion 5.3.0 sha512-ZAKCNybNokdUw6qiABn2b28wNeJZ+r1jBgpSDVt2LlqEKTXnoUMed+p3YB27Yl8TQKBReoVSb1dfcXboY9TgtQ==
dawning-of-a-new-day 5.3.0 sha512-G8r51s723zK2BenoOXuzXlvXdwgtVWXPdZotaP0NVTDIoE8JCdy5+EcK2X3vvXwGbVjDK15u/0TwnfRv/Z2R2g==
dekko 5.3.0 sha512-KbCcnDohm16E14EDiGV0XbTd4Bq3vV2zyAt5tQA7ddcP3oHFQBOCseQSV224bVLE06GBnaGqC2Qkv2Itv3hjdw==
delicious-handrawn 5.3.0 sha512-XeNjkS06KdZbGGLZt+C/XfTbkCg1VeX52d3THKJykrHmsCV8U4lPjWvF2wzEuWVPjl5mrPBOjM2FnKM38j/N0g==
delius 5.3.0 sha512-gl1jlqiY302zPebYu5VPR9eimIzdaCQCLDALpqWLgU0F80mMlu7p8X8p1ivSFif/qBpttprrryErqxj/VFYzDA==
dr-sugiyama 5.3.0 sha512-/N6PSbyjyGYJAe1ty3qlMIwL1g1SjO0zRQkHTwu76Eyr9B389zaSO+naKhHuayif91KUoAtbqVgPM+WPpLpUHw==
east-sea-dokdo 5.3.0 sha512-enU97VwzWkYoPpeSBZaltrS431FQSwOyVTlyqxduhGGnNAho9hRGmP0ENxxMm5NTS6r4sqaWQ9AKVsJVNSMXYg==
edu-au-vic-wa-nt-hand 5.3.0 sha512-tGC6MLFNn8I66YTXgxW25NZZ3ao7dmcMW57T37xCMFRT+LLIyy9gvvmu8xGXAGTUFhh3RFivejAAsYdoexYI/A==
edu-au-vic-wa-nt-pre 5.3.0 sha512-rhSyQmKJviefuIqsBGL9IKN6peB4nY1QKyvkuNF40y0Bvjj5mYIrJ8z7VPX6DJ5vXBVmfiotDy/0nh7RcbzOqA==
edu-nsw-act-cursive 5.3.0 sha512-9b9UInFvjbMfihizm+pvc/gr1+z6bp3kt19+d2zdRKlbuqzKeHRMMtOg8CpW26SReq0ujmqsxdc4GSwLrzvcPQ==
edu-nsw-act-foundation 5.3.0 sha512-MTQtFdAtaSBT6ZtbO6FYccYtrp8FJKR24HIIBXQ7awLNtoSgNjszqSs8NcF/ATnOcQN7pvpyrZEJW6pcIMrx6Q==
edu-nsw-act-hand-pre 5.3.0 sha512-4Ph+wpP9LEOuHV6zmyFAk3UPV+unQvGgssVlrmagciZUft6c49Lzo0sW4h9QUfiqzdCUoL8DhFwbgaG4Bh9UHA==
edu-qld-beginner 5.3.0 sha512-zQ7lkQItmihYXTNMWZSviX0j2yD14QnXhlFe0TX2xb9c8VDXDXF4D01bQS+C3dwYFeo30+fKn6Gm8saDukSlDg==
edu-qld-hand 5.3.0 sha512-12QW6qv9cR5uwe1OjsMBTttKcBNmHh2p1pE33AC/lH6YN1wkHBhbj5jgj9jgOM40HZdK/lVcGIc8Uzxd/vmnYw==
edu-sa-beginner 5.3.0 sha512-gtJc8KFUKT4J67kz18MnTcw2R2c5gG431iQBp6qeZ5LuL4RmTfOTzeyVnfaXAGTuErvgAh81cZe45HjE4785/g==
edu-sa-hand 5.3.0 sha512-LVoDYYibqHPI/F2ouaKyH6omH/WUD2oLhevCx9HHd7tRkPv2DPAwJkw2E1sTiYXtHy/50Isat51pHHkm77ka/Q==
edu-tas-beginner 5.3.0 sha512-uXQLzVHbVTzSwyqf4/iuJ2eeK8/bzBDrTO2mRKU9GWpioI4qtWzL2BEpksL/EWB9/hAm3TfvVLYbHnsXeTPfRg==
edu-vic-wa-nt-beginner 5.3.0 sha512-937PDzwEBNad4L8YYwUcdPiTNDBap9Uq2l6KK4Mk1PxWkaYpIKRYq/Mf5uQPgxA3FyJgMu4exVeAbEjkevUkiQ==
edu-vic-wa-nt-hand 5.3.0 sha512-L/byMQZcmefXgaEbiiYTvlumAPM22uPjYFJWe9NKxQW5tL0MPE+sULVrlsMYHM6qHyZuWnxZtcsISeVWvQMxHg==
engagement 5.3.0 sha512-mjMhoQAqFRUNmat+r+KG+H4nj4PkA4tWuJQ+sBMhZvTp12f4wGIYxy3ay1nsDjIwuurDdm8G7iDmXawlRq/rwg==
ephesis 5.3.0 sha512-z5A0U5xLq1mu3Zk/z0QPkZaFnq7Y4yERxhcdWAMjHdu4AgT7w/QjJs+JNJES9C1sv8qp5iioo7kS9dl5krSCFA==
estonia 5.0.20 sha512-7Qma0+4C9SHbrGH/13CNWomUO38fqWX47yty9+I4cegrpJG8zYo5R+0Ygv2dfFpru8/LZCIzUYoTnnuC7in1Mg==
euphoria-script 4.5.10 sha512-M5FUsHrRNono9D8ne+lhjtzWWUwqdZFva7xaGfLOA6EhACy6Pm/5XfSDo11NKIr1QtKPWrrDZ/RDvZLsF/e9Mw==
explora 5.3.0 sha512-6m11KnkDXkXTvj3yJiLv5/chm3OVN1ao5IdQV7Py0v5vtHS85rj684Gs7bhaqUaIugDaxXrPS4/yqto3oHPUZA==
felipa 5.3.0 sha512-tBgrnftxF1vht6bFO9K3q9q1Pjj4akH6fQw13jAIYLi/kB2RHcgePmYH8hBc5h4yJmbMX8sQ89sn/b2mq0SVKw==
finger-paint 5.3.0 sha512-Y6XRgOOdxX6Enjqal3a7lqWt2soQad746HsmBdzujHDjnPAk9EDpsskmFxULi1d29q3Tmt2ADOISPmAgvYH99Q==
fuggles 5.3.0 sha512-SLS/zQJ7NuiT6mhfb/ptmtpqLxsV5QY0VquuGBUxE8ZcSxjTl3BCv6ze421xRn4FoynSrE5K0Niu9OApJfTSeg==
fuzzy-bubbles 5.3.0 sha512-a3OG64z+Ut8doNMbwhbrtLDeT2Y8xPb+UbLZOpy9bb7bBDhaYQCaoIBY/DRhWhrKgVzpVLBcQj41O2dZ9rpSaw==
gaegu 5.3.0 sha512-eSVEXay02/DAB5BtH/gpsujvpT78EjO6XVuNA1ap1G+xvr3zokU2HoLoaW+CfzykRuVgDQ2oZ1oe7VAlmGZt/A==
gamja-flower 5.3.0 sha512-/Y9xHzyJ3+BaltHRDKT+Iwg439M3CkGtDXVQlOysoDSYg35M3a/QYSvX0+mqupE+KQYBtm46wXS4V8BiFJ5udw==
gloria-hallelujah 5.3.0 sha512-U4gt7qqWGn4bysvZZ9BBv8dlRzb11dFUMV8t7xQg26th2zPou/obRjR7MlxeTvVxYd1geWnvZAJprh/bQOG3dw==
gluten 5.3.0 sha512-e/mz/tL2R60qozsNBR5fUzrxGKsgly5LqqL3aPqWxkvSxCl+dalkgktJIfX5TXTXAl8xN3EoxOZjHD+AQEkr3A==
gochi-hand 5.3.0 sha512-IW6Xo3wbZuTLyx7hZzIr7+VSQwQ3oEiLZRphBnuNVaK+dhdxwYw57/r1NVi8x1ubX4OYyCG2S04mH6tLhanIsQ==
grand-hotel 5.3.0 sha512-tGqyrh9EKrmiI4Hk2mPuADbfPhefKFvhFTJ2emYr2z8gwmXLgiQ+eTAV7Ag6j7LCduzBDZlZV/CK3oKs6SqszQ==
grape-nuts 5.3.0 sha512-nhn/UsX4cj/QT8pWSb1uwA19JrsKWXfGgic68B+691RjORF2rKpIFVj7RgYcTAbZBAEkAg07qNmXs2TZt7x8mg==
great-vibes 5.3.0 sha512-1w60cXzXnC9V4y943po8044O1mqRQBiTTK75h7OpZE+1VQtx+KlAAzoIyEE5KNzu05gUpxaCQg7cbL7ITSwegQ==
grechen-fuemen 5.3.0 sha512-Sx9WFQz1w6X6i6ydiKtnx89fVzGdLPJlyy1dUZK+XpCntBmOlyhRpH96LOxT+GF34keATv/z9xSK8K5P9cRO8w==
grey-qo 5.0.21 sha512-K7gZA59zqFRC91A2QcEXavhqQN2i5HOjWx7L+balA3L0QrvstfuoWJf8QfV+tg595pJlkIMusV2bLeWjCSVH+g==
gwendolyn 5.3.0 sha512-0RJRN83q/ITS1FIpkA1TRSoJI1XlJ4OtQGi4h9kHvh6aPA/JT3RXzEWa0KfaGDu7KxOwKhybwtRigt5lh40V+w==
handlee 5.3.0 sha512-bginDzMq4WhtYCcCR5O/WUh6mjXgZ17miwY4mSCR6+Z5iXaUGc71GuFHdFKsZBTO+9CZqRRfXaGtTSz4IIf29Q==
herr-von-muellerhoff 5.3.0 sha512-VOE/9IbMILLfTJwei5l73IFNHMI0t551/QvI+3/cxKOGj8EKjCBO48NlbAVOuRDGbZd/EGn7Dkl8Yv+Jh06IJA==
hi-melody 5.3.0 sha512-XrJgNcORA0hIA0IQmEj0xYeRAGFUHD9sQ0BGxxz4h+SauHeQRTuqU0tC+azJpvInW0Qwz8qevawYy6EtGo687A==
homemade-apple 5.3.0 sha512-awJSYTbSY3SroC8nirEhDauHvERVvm0LI3FpUHsPZXl9Tht1xrqhiI8ro4yf3ROcvQ7CfFJ/2+DLcOHBOXhJKw==
hurricane 5.3.0 sha512-CSP8rV6wpS3Oor8Obasw93n+Q9xyvuRIxSUR7xpiTfRnZeu+QJZ/7xqhPu/VFzxaKEDbfgHUSomSgVH8YOKPCQ==
imperial-script 5.2.8 sha512-8LMLlI08yVvppSB3SMUtnP0av98zewTJoIlGyEXrCB/oacQpRdebhkrkR4uE8Cghe/N11Fik2EKLn3M7jCPMPQ==
indie-flower 5.3.0 sha512-Wo5eN/ruEQcyC3+ArzhlpqWQgph3VuCNbJlEkVw17LUd0uyTHOb9bTec4g9njQzjiL/ijACF27sSwy90L6kZBg==
ingrid-darling 5.3.0 sha512-nmJo9pYoxPZ3CioXTBOD74OZX3ul6Osw3jpIrajByUzFGbgJ9o3bLAZci6tItxTcyP0umabk4OqmoShS3NmKtA==
inspiration 5.2.7 sha512-Unh3kgWHn024288t5u8EiBgqR6i+PdHNCjrvPIhgCRS02XlgwoXQeWzUPCknWY/5WRsGJUsu3sJxo+0sMM7esQ==
island-moments 5.2.8 sha512-QhDZPZlAU74+c+4hA/bJjjl3fjir0juxGf6+dRQLec2Q0E3sSysu/E1fHXjnSIEI9Brp/4ou0iN0lKEkEbtAOQ==
itim 5.3.0 sha512-y3m8RZeRCclnuQHgiRYIitCKc7iOthBo2SBYY8aDuyToKwGAvRMvBXHy6mdYceJbamRQrShEspXzkXTMDN20nQ==
jim-nightshade 5.1.1 sha512-cLDeVOS7D812zTirl9DZPZlngavqinpWcpa9HjXyf9OQIk8GAoyU1TZgojT7VuZUwX/wqw/UYxbzBW1FSKftKQ==
julee 4.5.11 sha512-uTpDhRRVHTWNDgbG0Fx9EyMBPPvV1d+n1GeEkM5ALz5jEEe1JdCwNwH+Kj6WYpOjnlaSxZ4LNofus6+UMyKepA==
just-another-hand 5.3.0 sha512-bTlWMHx7fSJK5LGAJVlna6ZkOPsgz71J2lBGl931BiigvHeV0/5y7hT2evZWEztlEtNJ29ksqLpJcYc1qZ0HFA==
kalam 5.3.0 sha512-FDkVoDfPDCSN/eO81FOYtUI67eMgpVBJmjBtAqSL0PmEhJyeFY2biC+CR+yEttksgXR9+swpFdYmQTyjwBq80Q==
kapakana 5.3.0 sha512-O8TZKmAEvjlpp6SShXzLyZyEThoOTyR2sXAa70bBaKx1qGuRkE68TRdiGdr7wMWCA+XNKsu/rnIuvtHLzI5OtA==
kavivanar 5.3.0 sha512-d/3B5d5KAW1Mxo0GZaLdc9XRIWfN+5vdsbloaNBqDP5O9KNBgl3MzvyMWxKwmxgNoOTtL2ox5f0Fd5NYvPEfBg==
kite-one 4.5.0 sha512-dZbatiri6PmZqCmw3INLAvP1IPoBF47XgEK82Ez0ZewSu1FiLrp5GBPAq43CX2ZYFNGOHf4Xz+QYpL0Z+YaxhQ==
kolker-brush 5.3.0 sha512-iVqCZshYVYenvfJqUGVfohUwc54vGY2kxPTGBxhRDfqIHGdoJ2mjWqjgmd8NEvNnuCf3HUJaYakvEmfKCtd/1g==
la-belle-aurore 5.3.0 sha512-EEzeg3+Ym/9ESBw98/8OckEDxlkMMrR0wlwctGNX9oN1X2DyQHHLppB/ErwfwkptiWtkZYRNyNfZPkUcaFn/Ag==
league-script 5.2.8 sha512-lC8atAkkGdUU/od1WPe9DVHQOvrajvcI1UAvIbg+2DIfkpy+SwNOpARlhodGaX5t2oxpDj41WHu4/fALFPCDog==
licorice 5.3.0 sha512-6eLmv0nHUuatk3rfBCPXcz3RPmNEaTiPvkIvE85Il4jN3tjg3uNVYNGfBPGkxc5AGTUMc5Z0XpTM9jnw6DRHrQ==
long-cang 5.3.0 sha512-lCcBJb+LWZpYCVtGvQRiZPy5/EaGPuYLycpJXUIOz28EYGGqhTVWBRqY6ucaW8l1F8gvfjutY1PoAPUrFiP0wg==
love-light 5.3.0 sha512-galh0O8m9J9ZeMY50GgCdkivQZHt9UmBsH1duy63kxf2F43sUWYzV+Hwx0NQ+LgvI8ocE+dtvdiOSfoY/eH4Yw==
loved-by-the-king 5.3.0 sha512-c0ccNbPtFSOmyw+aVpKg93pr+k1pFNaNiz7c4xJ6KizF+Dmug15E9x8RB515bq8KZ1w5uQH9ZW0b0gTDzviMbA==
lovers-quarrel 5.3.0 sha512-x3Rh95t1maSCb3Ff09PwTHEqYQZ6XL8a1nbv/a9Zrby9g0WCOXOoBABe5412RuY+MXzcZIJ784PW712VXlcW5A==
luxurious-script 5.3.0 sha512-zCCvY1BN3IUxe0Q4lZcoNfWeiUUx6RT7oEVyhTA/zSQAG9AzA2Rja09IGqyhqC2pnXYhFNwHilJPsOGNqLfzzQ==
ma-shan-zheng 5.3.1 sha512-cGGn7Yje2RSduXVxEk+rCfNZyD/T/7FMGj03LNPiK8TRL9Sing0tq1zJF3n+W29szPqgb2RNs5oIvmm+ikeI+Q==
mali 5.3.0 sha512-/H7zdnFcBUdLh7mPUCLWfCoQVgtvnVKrlHjknq90kltPvUcu0nC9ybne4z2rzTghV9ez9N7nRDvRZesODB/YbQ==
mansalva 5.3.0 sha512-Ue525bEZRg7Zu3PbfBW08JxmpAgJD4zgVgv5cMzgoLLh0inGFvKKHTwx7NPImv+VFrfqde/E2V8HWWnSgkabRw==
marck-script 5.3.0 sha512-PLm3zCeXB7osgon3TC0bjBFPua3d5syocLWFpK5eZZGoaSsOw6bpHLdMoGB8PkAErf4RiRUEiszs+Y7JhDnB/w==
mea-culpa 5.3.0 sha512-6q+hKysgvaiICbRK5YYiD8lOpdp4LS4p+J5Y0YYmox+ySK1oVjH29f2JMN1B/mW69c7Bh2QfVlsC0NvTiui+RQ==
meddon 5.3.0 sha512-uQCdwGBWAhXUDXsh51slyIJbCPm/pBrkUsgGDLkdcKUgBnAiS7YwNRtPodcNDkLYhXxhecqc0Sydoy19tZLdBw==
meow-script 5.3.0 sha512-XjXi0iZK2kNFFHmlSIEsiaRM05L4f91R1POEUcVDvKy5CR0LCzPD36ntFAwLNMbI0b3QlBSFu2q97Eco1AfGMQ==
merienda 5.3.0 sha512-0CpBXbcYSFw2zUiGEzAluqlFnKBDsTG6DxPAxyDbRtx4pTJcIDeBzLd7nWst0MGRpwsRs3TURlzVYsxJ/rA7ZQ==
molle 5.3.0 sha512-szwTBj+gFPidI/4bzyWTkEiRtvT9ve6pFgbBk8LhbvTCNJNZlYQ97lR+Aq7fgoU0q5NjmqZX0zJF4Uu1yB3yHg==
montecarlo 5.2.8 sha512-/8lD06LIFBlRSOd1AkscfBZ4Sc4LQVQ022QA2paulqfzEIqXzd6/DclYMRGvdJpl3lgE/bL6LlHBowD/4fJOtA==
montez 5.3.0 sha512-b5bm9p+/47cBu+tHagGK+xxCNh/jadu158DYTS1/3ouZdLgEwbKqD4FYfK5GKJWG1iixldQCNU5C9BZrFzIxmQ==
moon-dance 5.0.5 sha512-k/0AOueAaxMh7laJf+Yf3UWQ2e2+gjCrdZyPYZ7yoO+wq9bB7ZgzQQdYVb0VK1TrOzyOTnWrlDu8OGX01h7WPQ==
mr-bedfort 5.3.0 sha512-2+GHYYYhxT8tmeZbemui8qKGj18WPCgHTNHmrKzQd4dYw6oSJB4VaWWPDlyWBh+MmKlAZAGgsOvSOfyi7Pq3gA==
mr-dafoe 5.3.0 sha512-zYTNXnERIkYWqFDTOaw5Z5xL9H1twFhAhFwxFIEWA/Y+dt0E3XpySsFFxhiOElIZUAOMuVvxrd/s976G/3cEzg==
mr-de-haviland 5.3.0 sha512-qpBK2wuVNnWNmtz4IWvNvJYNHShzmFkXwrZLYS2nauN2+Oy3Z6zXexq3lUj8QbO4Zz+D0IpL9cs8I/67lvp/iA==
mrs-saint-delafield 5.3.0 sha512-OH6pmSgyh8CqpiFmAxthdrlhreJj2jt49kk+NpEZ4UMRrSOcF7qxF1AT0QNxuVVCQWy4h5TOIvep7Hglenrtig==
ms-madi 5.3.0 sha512-pDRXXsvH0PXLABV3w3gP1Pr+jQx9bLu6m8UEmSENvKMxEIn56eRv4itulkYA5fnXdg6ttfJvA5pjmYvJ7PLBwQ==
my-soul 5.1.0 sha512-76xNE8PMGQAJkkq3PTVbtggLfwek8I8dLXlo8Z4BnYsgZa6kxappPQznwBSDrid+oMNdtHGbcAGoBWQ1TFDJxw==
nerko-one 5.3.0 sha512-7AYjxpgp1dvgq0/e3qVYlOViGt0TEmeuZ0Yv2ti2KWaRnwkJucO3F7ChwhIrDzpKE0/jgxoEwaf7bL2RTAnsjQ==
neucha 5.3.0 sha512-7PoHR/5toTeYP3T6wJyZ8xcT3uTJ6UcyAgrDo1OIUtKX/xuxbblvUyVQcN0lQEppY6EgkCC8zMkFsBhwUvWXBg==
niconne 5.3.0 sha512-NEQKvxdvmy2jSCedjUTDcu0VMM+mDdAaIHzGGSf0+xa9nZ0H5S4xnPQA70TZf8vwAqg6ebqDBKZU/I1S12VUWQ==
norican 5.3.0 sha512-aqkjCE91qeQcsUrkxm9UMYWnK2FTMM8BTTRMCNf7YzxnZzxC4MlwCN+QvHwmpdEa62LNlYM5AQTaMwUvMsgAZw==
oooh-baby 5.3.0 sha512-6Qtcq2/QaTflcTJ8T8vwky41EkH+fsPICBUrqM6XwuPvc/BOwpLSKDcXZsDWLLQkkYBepZQAXBKIOnQHc/4TPQ==
pacifico 5.3.0 sha512-bWv0fHR1n36p7scRn+maaEaVeQCOq9yvfVfjyAeUzKrK4Y/3qiRAEj4hJgfxj/sjgZZGkeHyKPrbWdDaZtpCVw==
pangolin 5.3.0 sha512-3avtyqWX2QiQXKxVChWeVtF3FpB/wcojYXP13oO30WG44Ox9bCUHuHEtMd6NVgqpXSUqNLFaLm8K+29xVzkDZQ==
parisienne 5.3.0 sha512-YbfjZDYy7FMTVE0HRgejkGX3T5iFfgagOYtAAAymq9GklviFAZ1GqIdlyviNe23TiR20f2K7zxsL4AECtWnkEQ==
passions-conflict 5.2.8 sha512-T6Q9EBt6btgpnOjaHrS69EdguvUz4i0IkIbM0XmE51mgU7yYI+sSto1bxtPd6hgL48WW96sLq+i3v8TlGjiQag==
patrick-hand 5.3.0 sha512-V8C38IlIFfdWg0Xtri3F7sLCVpm069rUwn6w4n+oyn38gt7H4arOJmuReg3tAw1Q6jHqZp89wTnAAJagq4Atxw==
patrick-hand-sc 5.3.0 sha512-aOTz6DMfmqH88dR1oKtsJWoA6MoY5P6F/Bt7AFxgCsG9LzitbcosVuPYq/lzLdhulAtzci9TRAM6nztaLyWQsQ==
permanent-marker 5.3.0 sha512-ZO/NtYW4SCc/iY8N3dmjWyDITcXJ/vhWZFgnwRcvzwCKKnScMrM/a2/6VHlsjCVuIgmPzNrCFbedEYhv+/jJBg==
petit-formal-script 5.3.0 sha512-tBsoEOWIbK1Kjf/X2hBi8kKlzHPoBS9xPYOhy4NfkG6fTMSR0Nth8Puute+rYSNn9W97d+6Zs4ZIDytHceRRyg==
pinyon-script 5.3.0 sha512-ilhy4l5apzyDkfuKb7PZBUT5Sf6nfxucdXT5TQ0wQDyWtDPlouLy1lQq3lMEPk1lPsHHVrd11EkPnEG8FqDgUA==
playpen-sans 5.3.0 sha512-94O9WdgAmvFpAjsPOgg5JZII4clcNeeMqQdNZh7Jz40rmcNv05jzwxyuw25IRjTb4o2aMV7eXjXC8GTFo/+s8Q==
playwrite-ar 5.3.0 sha512-nIlT8g5sAHeBqFYO+eIiVF5dGPdJgMTs5xkQ9MhYJGlaz0dB/T+Sn2869hBE4uZZTTHTiP4xep/C30t5vw8O/w==
playwrite-at 5.3.0 sha512-0CtWpB72d47ZH16mU4C7trcNu/6iZzRRC30WD73jML61L/U9wLyA4xreC6htZprTuzGpWCLai0vpYR724OyTpQ==
playwrite-au-qld 5.3.0 sha512-rBr3oDs35mapjp0vCFk9jWX88/f1qTvP9A77Wf7LjLLf2w1jdZUr3rJ15xlglH9UGFxt1q38TsjuHHJFr4KEQQ==
playwrite-be-wal 5.3.0 sha512-gYFDnxVTVlMZB3Xm5xoWw2uOkrDhja80sxheoTXrkIgi6JCynUMkZIqWkV9PZSvOADMEHHttNt83xw+U99+bxw==
playwrite-cz 5.3.0 sha512-Z5vJ5z5Wxkyfxf7h5LLPdpKVbtY2Vmj+Jta21IMzKw6cC3T3Przq0/4rLqXzKIkfuFdspUdjnfmfIqd51vd4aA==
playwrite-de-grund 5.3.0 sha512-Qoam7BC1GA6Lz2M+I4cBmLrqxhRFEuDrTF0jUwXJMRt5/GyzAI4AnWzbiHfQmi/DpdnjRvCo71iXQ0B/j1hs6A==
playwrite-de-sas 5.2.7 sha512-ELyLve5ZbiEm3Ra2itvO4wjlqrjS6G/6SYTh7K8Mdbi/Ib/PEjZcyCzZChfw0lCx62AJWk5HYvGeXqS6KVjPaA==
playwrite-dk-loopet 5.3.0 sha512-z6vM4+ZE7vse57qyIjsHNqwlPNYm6ar/43q1RpJa5040v9OkHiZSLAEtiVIkPA4kxn+C3ZCfOpr3nV/ycNZyfA==
playwrite-es 5.3.0 sha512-Y+UXxxTzCrzEzzRpob9EXojyBC+BsKSXdwdpOArx4Xu8YzuZbixD1jglU+bfTQMf37d3s+5H5+oZk8rSzvAZjw==
playwrite-fr-moderne 5.3.0 sha512-dWzPLX4CSbE4RfkArrBhW1SSoOe60pGnCEMDUf8NOEKZaifd/FQb2yLbCIUkzmOwu1Kr8vmLiNIuLaHoF8OJKw==
playwrite-fr-trad 5.3.0 sha512-A0Fz6/CYsWOZVZOUazE6J90nedvldCNnm8cV2MBFGMO03NLOdkw7Hs5YnGcAhcILPyhlA+OD1DNnyFMgFSpfnw==
playwrite-hr-lijeva 5.3.0 sha512-p2hn7tpwwYVoTTpqBPPzCNXazwz54Me/y2obyHVrs93/6zVP6ogHdmt0POeTEEfMyme3uL8ZDECWjIpkOXhEhQ==
playwrite-it-moderna 5.3.0 sha512-kc2kJ1FGlZa3bRr0XM8nFRP4ce8piob11EBCmDXeTdnIjqq5PlkqMeKUJaSh8krj3C0k6xWxlq+tOqto0KKTKg==
playwrite-it-trad 5.3.0 sha512-JRyjVnEUKuxB/LyV59Dpovhz6ZJMcQ+qFd2KwKB+wdqTKnvT2TRMbqHE9VjUu+BKWSJzdu07MVeK3XHyR1uG8Q==
playwrite-mx 5.3.0 sha512-dq0GfhyM6RMyMR+EpLbiws6IF8qaFMq5OBOG+30nVpjGPKUxQYwbtcYxsuezz/IMncYwuHYq2G9BmcdpUoNZ5g==
playwrite-ng-modern 5.3.0 sha512-VX+kMZCXBYzuJbmzND8xcrGz0Lw1Z30XbdqYWaHsSiS3GlihdP7zc0QrNSbU3Zb9YxNf3vqxs8xQ3ntUGd+k4Q==
playwrite-nz 5.3.0 sha512-ojuv/RQR9oygvMQiKmcqcX2dg7kQdotrfq5azjpqhA2tLPr1yT4IqIK6eFNQMoIiPoXmGOtZ3ifRmnrmxwkpzg==
playwrite-us-modern 5.3.0 sha512-GSquqLc7hmcOVS4dP6C1PsDQZaReJF9MbWFWhKc/Gpmxubc7eO5Iepu4GICSFC9a9hkliw+pO47GvJZwodEb2Q==
playwrite-us-trad 5.3.0 sha512-wB79WztyA884OfCGO/Bx0qJoLcZkHh6CYAMVFkrx4UuPUxQBkMKPwGOeu3K3NpF4GpxSikL1H6HacZozphWpNQ==
playwrite-vn 5.3.0 sha512-AnseD3TAVcz7sWtM6x6X/jvlrqoWtrtihwRvN3tA/OQvB8hGFD/HPvm5nmDCjElaK9cxCMY8lMHcw/8u2l3hpQ==
poor-story 5.3.0 sha512-L6FR+YlMi++oUpL59d9I3WrhPR8puj/LKGJtYWfpIZteQR/gLjaVHmohlXjMGoXR3pNtKrDFeP2xbmykBRo6HA==
puppies-play 5.3.0 sha512-qSFMtPcNBkQ0bbHXoOiuQKbY/XiRQP3dOGwESLDwvZQhcPLV1GN8xmLkifygRYkuNO+VkHssZ7L+1LWlwJu9cA==
qwigley 5.2.8 sha512-X7xVxsfvv2k62Mwg13J8gXRBEYmLzMLD1iI2dzvxRgLoABvXQNyTbKDDpiqqqxCEO/KD0MolaYA5Dd+04zId0w==
qwitcher-grypen 5.3.0 sha512-+oNEcs0A2nfVOlY4kPBgTlsQb/MWZhgDsGyk+C/CwNTcL8aej9wuYr5Y9xyi0ZQk11+9NnZfrgv4dIVuzykyJQ==
rancho 5.3.0 sha512-z43fUmCskj09DC7V9Nj35nSVY5R8OoBjlGj/n2noNqWZAsOMo80A0ifEnDgS2PQp7N4N606cL+2iXHKVmqz2Zw==
redressed 5.3.0 sha512-bTZ/pg+YDLIw9J4oADome+VPXKPDSDlAEBP1PSxfwZ7kyFom2Pq8RYrSlvm3zdovVJ5nqbMi13OdSc+U2+XGDA==
reenie-beanie 5.3.0 sha512-PgEiqKdPCLlvdY2IMWMBdYyMdr1mo1zxVBRNFlo3gclnCz560iiyTTt0dU4/VIGnjhyAb3gSWIQL0qXnn5oaYw==
rochester 5.3.0 sha512-M5oAKp+N39H5Oz3VwflDtYoUZyLwBoyKifsTefPq2/zIF6fSZ7xP8o+FJSyISmJTm2TdRTchC+OGXkWBVUKgRw==
rock-salt 5.3.0 sha512-3Zy0QtrDbq5jrAoMz1I3fXSitSpD46m6S+5W/+hfTZtpbxq9YAC1QoXkwUYDQxtfc8O0k8Qtl76gULQ+uCMznQ==
romanesco 5.3.0 sha512-wzFeNMIvJPswR/QwRlWEjKDyIo4x1gH553EoG5LQG2yCTuxF/tLiImNJlU7IBRiGHFoc2cEoXUlMVMK584TxWw==
rouge-script 5.3.0 sha512-k/M704yANpAZgXXPweaFghQf015I8Yn5X0QsNzlHLUi331HbkhOCUx8aYgU12oiD9eWT50vdgpiHyhE6EgRX+A==
ruge-boogie 5.3.0 sha512-KB0C2Vi6fDQAIvGYXgxPPUqLekFId0Cebt8IGzyebA1bn0iGuj3yBJsi3P2w/G2+I3BRfkG0xCsi8ABl8Z0dbg==
ruthie 5.3.0 sha512-y+YP7B2j7Gpql5xHVbJgUeJnHzm8KerM6pE3D7ueLhg113yT9brjAH+dcoQtsQFYAVo1EsNl6EG0a5eGnY0feQ==
sacramento 5.3.0 sha512-KkqN52aTsJ0pSBva/NREqFljs0M1TwMIpNcqdSQc2EKR/mVU1CvM2dazf9eG19rHMTIssjbia83nGG705SlD1w==
sassy-frass 5.3.0 sha512-Y5VxDO6BNc3tFVzoGil9Ard3yyrbx3WSaT0eGIUeYm3WlmVuGkRFJuextd5qKAt9DpbyPOPOw1Lv5CThmti/IQ==
satisfy 5.3.0 sha512-dQ+Cy85XdwYnwlzWcbkmA2Qkpxam0ZHDaGm/qoGHlyHKRVgM/BJN8RLHpRm31R0REFBQe5Yl8Ke5oTdpcKdPIA==
schoolbell 5.3.0 sha512-7AWeUHHTiLIKz2V8d0fuG7mw8tlEoQ8Z8dtTpXTEs9hE2z6YFe1RjCCFtYuaSuPLZqYNVqzQ7owG/xJpTyY55w==
sedgwick-ave 5.3.0 sha512-vGquHj820A3Zu6nuspfLILpSK/NlLdfAAxFMlhFSt3Ivh/abHanB+0etNNmhUccwpcJyW2fsbFezCP1b2EFEkQ==
send-flowers 5.3.0 sha512-HJ4tPj+R8YkxHLvUOQ/n3WoCEMtI/TbtbGLnOZR4eDs+u3euW60Y3AhJiOT+XCXUr3rsaaKW7LeTAf6NBl4/RQ==
shadows-into-light 5.3.0 sha512-3dvv0i8/ZwLMY08AAlTLivHUdNQYB6Fxe92d7BZiGbHY2GQnCxEd8JC9CBzxTiP4iyWNa6OZn9LXF+xjc9LaGw==
shadows-into-light-two 5.3.0 sha512-ocHR3Be4AuiTd5W8dyZVZ2E0dz/Hbf9Kn+89qbYwHnH3ZY0GBxJY0csBbrnMUeaP+qRxdt26tHFXiJccPYBjAg==
shantell-sans 5.3.0 sha512-hVKmS5EO/xGOtKx+rHuyqIsswjWp5bb91DlszxSkO4jEqOSaRIjYH/iu5gJ7QVszDlofoezZeWM5OdKgyE2jtg==
short-stack 5.3.0 sha512-nhIm4HgWq6AsM9Sg32OrsC298avDiDhqoMRMYpv5T5OSCIpAwPXpnIgJYJVLzkSC9hOqhKxX5NGZ2ViaDM+7MQ==
single-day 5.3.1 sha512-6RFVF1vwMlJyEWBo/0XfZW57jRYbihIxbtBJze6sfWBhFZZRZ3t1fZbzm85JwKG5bsNZmggQuqckkIUTGJrIow==
slackside-one 5.3.0 sha512-cwcesfQPNAO6UZ0pl2gLWpcRWFrHaw6pmcw1Aen2uwfPz8bOJNnAfER+iONfcRbbmLlb7zl/tmwqcxOg+qSZwQ==
smooch 5.3.0 sha512-UtVdzkU4UoVImSS2ZpCMiHRamzvTO+IP/kELfJ93lcMxzS5cvobQhPOxfCBiGeoWT/badzuHRhsTXQIMd3peHg==
sofadi-one 5.3.0 sha512-6BXIKBZ+zByp3HDLNSjzYkWw1fhiUUI7qeRGwROyHDLoAudM4bjGT/J2ZHP0j0RQjJNPvhojv6pw4BKzHBbJvg==
sofia 5.3.0 sha512-My9je4qAIQwc9bOMeiFd8rmYgjUXF3Yu5sU8Ob46MQusXYrmWldS6dQHr+6BxdXQSyZNO8HAoaAX8eyJH6G+lQ==
solitreo 5.3.0 sha512-Q/BdLvjHHkhCAjWPoLBc92jBrYrdc6uRr5Hnd78mF4eBABUGLXSteXvQJWHNrvBOQlMEKiPHY3Mm5+f8Xgqvhg==
splash 5.3.0 sha512-G/SSnF0U0o7mbTnNIZyiF+Qa6Zz1uj2JfXzLuhtXMlv4pRRtGWhLA2thuWzmfRHDvHtfzqRiaTXPvNYQaxbnFA==
square-peg 5.3.0 sha512-b8cGgpXiFhtyk26obYbFwoZy/emWS/fWvxH4ih0TJHOkkLotxmFzo/AuTxyFdrXaapwR1sfbHwkztko7hPZa4g==
sriracha 5.3.0 sha512-0JjwrC1/BXsSXMEcmmtyoQut1/gy/+wGBP1wiSPaPXvHr1yBmmU2Kl8drBSpRtvRD4Rm9Bb2/FdDK3x4yQ364g==
stalemate 5.3.0 sha512-LJAbJhlNtfxtHMKSPQbCO2hQ4D1iYPRpbAJJCB4FokioFgidfWISch29CV4bQeypfkH+Pvm87bXzVcLFkBUzBw==
style-script 5.3.0 sha512-31VqGp8T4kcQt2xBQvertWfrengaLV2v6Flc637nXFgIGTBkkK92qcTy7yt0oyve1x+WnuqU8gTFAytwsoqqcA==
sue-ellen-francisco 5.3.0 sha512-cwzU21In+AcbXarvXqFrsTC9GEqMUvm3lHuNmu3DfcNkUcBIGUAL0tr5OklYJiHzuM4aJiZF1nj4gQN51Ri71Q==
sunshiney 5.3.0 sha512-kZuhG0hDUhYHa/AeTNwiRFXUNe4m+mCX8d1mJ9TNFgfttBZazVxHYeswbuPGnLE9pTI0QCOAn7rM2WlIaEkahw==
swanky-and-moo-moo 5.3.0 sha512-JPlkYzhnQpdsJSp/aVuwBem3o2JN1oH7x7V+nWJtvrLX9b0RZr/GxZIPKvhkeUrIIaU0cvmBRcMl1454q/FQTw==
tangerine 5.3.0 sha512-3lR9JgNxpx8M68A5w70eb72BwVhtAFZ4Qq16S8x152+pbF4AjM/vau3ki1AlDwgARB216koqwk/9jQTVDpCP3Q==
the-girl-next-door 5.3.0 sha512-ysHz6+NKIRzT7z++4TrDb6sTd6GvyItwFukOBxT7fmGS87NEkiBaq86gNXqaTiaBGZ9X0Jyryx9dHHNagAeHHw==
the-nautigal 5.2.7 sha512-O50MTjncXqd4cbe70vAJdUYCzKjd7vD/dwtis6bcr+8coEp8OuQ1+e1FCGqBUG3lObMKFIKJjUcx6a+MXt/TvQ==
twinkle-star 5.3.0 sha512-b7u57eZZNuGON16IsjC9Wio8/6vxQ48jNQ7pb7gXh81Jm46djct3jZFHlucPqO3JPylLG/mWtPQklHhCTCLdIg==
unkempt 5.3.0 sha512-K6olfBY6VxilzEYjA2tNkNa15wRYc6Cw7cy294v7P8dAJUg4QhgHJNHLvsJPAWvxcG5zkXSbjWEt8qkedUrFug==
updock 5.3.0 sha512-eLVow+W+AbSyNvrkCpEKbO2iuCLMvV2EzVqMhnt2LxlAma45Xr0FHM5tkWlZvMUXHWa3k6B4n7FXv01sP5nmvQ==
vibur 5.3.0 sha512-fPh4pmAQLUJNO9qJDKMEmxwimu3VbuP9oclw5BrXVTUy13jNSUai5dSuA9x+aR5yGjuDu74NVwkEnYgEizC/dg==
vujahday-script 5.3.0 sha512-Ss/DowcJgzaarukkxAV/YYnlPkozFqGH/w/icK3WevLRRb/qtjGPu3Bb+m1G323nDZPZ08aj4GAqbygtbXbKbw==
waiting-for-the-sunrise 5.3.0 sha512-bWgydceOU/hl2oNpG2H4M2JIhla8OM4MZsTGPTKWlxlBjhPtmfABziRbTg63bh4OnG7aiM6tCq6mub6Dd+ckcg==
walter-turncoat 5.3.0 sha512-X+pB5BQw6/rq6bFmkQ1YEItelws7LM7j8ow129eiJUdCmRSr8zWgug4qJWyPKBDsyBfzTe4OMEzDsa4/2jbDOA==
water-brush 5.3.0 sha512-80WgDxFHMD2svW1e7INn1y6vqqeu8SKuk67IXr/1hO8uJ7d32/3XI90OpXAtl4R4L49cPz0Kwua75gRLFneOiQ==
waterfall 5.1.1 sha512-12f7YKORJ77kPsg1Aw9DQDH079tOiM6giKDX8DPYWzyf3ALQNIDEIE4iOqpLS6bLSlacMHYxL/4ge6uNVP6MYA==
whisper 5.3.0 sha512-9gRQaBhr5H2gtQKdklQhutZ3gErxahrn88fC2KD3e57GHqqmNWSBsQ8ImoMKYEtG6DBTr2tYo3LGNmVKALNT7Q==
windsong 5.3.0 sha512-hp9NnGFIFQzMHTId0PIsYoTWqrlPiH3n2GNXUdvwV7D3sczT92zHNJt57o3/8RBxybU+vdHADNnO/iMuEs9BjA==
yellowtail 5.3.0 sha512-atz4CIdbP7otppxRaObJiygnkyJzIuLFpPRjWspXvXhBWLB0sk35cCu5r6gSkDomRtEWakJ8//bWbyBjJbilGg==
yesteryear 5.3.0 sha512-486LMezBUa+AXbCKh5VFB0/WRtkXdl550auMnve+psJz6+D1vni2ns3hYx4h8Q/SlIKuZZ8MdzQbwK9lqSLM0Q==
yomogi 5.3.0 sha512-D35BWMd0BVhtYfpE7r1UfTNZHxaFVvLw4Rz2ym+yvEE7vlIfwtZEQFp4VFCvlcH+BwoAJD1mFH/r/XV7qDxeyg==
zen-kurenaido 5.3.0 sha512-Oh7XLWpdTV7/f6xgdw3pmDPpu8OHEdXu9QEL2TEjoBeg85z1qWMb4lvQYDtNQx6gaERvKQ0OrgvpS3S/ka/+bA==
zeyada 5.3.0 sha512-c2bBcLATKk5vGouGX5NeHiHEom1u+7TiHsdfNPIUgO0DL3jl5PTGWWjlMjoPh2vhllA9XiKCTS/8MY2ylT95vw==
zhi-mang-xing 5.3.0 sha512-V21yCCm5o2PHdXF2P9KKh7uiqL8QFFuII4DRQkpG24tfyDzJPchXKsxkcvKM43xEPvQKdbhHCBbXEFjcm/TUCQ==
"""


#: Popular text faces of Google Fonts (among the most used on the web), sorted by name and dealt
#: alternately to training (`PRINTED_PACKAGES`) and to the probe (`PROBE_PACKAGES`), so that each
#: side gets sans, serif, slab, mono, condensed and display faces. Why: the stage-16 weights read
#: these 84 families at 1.1 % CER on average (greedy, 24 lines each) where the validation set's
#: held-out printed families read at 0.65 %, most errors in the heaviest and lightest weights
#: (Titillium Web Black, Nunito Sans ExtraLight), high-contrast display faces (Playfair Display
#: Black Italic) and condensed ones (Anton, Teko). Training on the first half (experiment
#: `crnn-stage26`) read the second only 0.04 points better as served, within the noise, so the shipped
#: weights (stage 16) were not trained with them; they are training faces from the next stage on.
_PRINTED_PINS = """
abel 5.3.0 sha512-SUkI0G+yaR+NvlTKNTcf1OOOph75JET6pL+P8JJn/7teunzy3DDUexzYR65p2UlK/Bk8cdIFrhnNkD4ldk5wTg==
anton 5.3.0 sha512-OR1D5n124n2XRs66SbX7IjcOSptljEJE8FcDNnlni2y1/M6KpTx7cU2PIWzTSsBj4WFkHPw24On8qw3qkQZuTw==
arvo 5.3.0 sha512-BV8Exol50MVqbu3CfLYt7YKP150FnXb5lRpVxQ0es33nUdZ3Ma0wO2F1klXv5ROY9p4vZGH27O4lnD0fYLjdww==
atkinson-hyperlegible 5.3.0 sha512-Sp8Ve8+rQmENY2Lv02VH7sLpntzTTvnncnJMTbRE7DX6TLxGraN4ykZfzaUWIoCFmaomwkvNiqmlPkrKBuDoSA==
barlow-condensed 5.3.0 sha512-RA7MmIx0v3eQ6Gcf74qLVLOwLB0GpPOzx+eU9iG/AmCnSJGcIWYeU8y6CEMGZ210MGwGg5CZhzLkkvyZdTTk1g==
bitter 5.3.0 sha512-RYfrDnaja7v6FO8AwknA5aw/BuVgLBJvwLIShkS42XUIxMbvi/yp47Ax/Xnn9OTVIGFiTXCbVsH0O9HhTTDtqA==
cardo 5.3.0 sha512-4G7oLxQRcYyOIoJH0CpZ1Tkc5iLHQPaJoThmp/f8Vz7NFFfn5fspCWkrqhlO6mVAXFruMoOwivyXrvaISJm7uA==
cormorant-garamond 5.3.0 sha512-weuGsCirGVWBWqpt6YUp0yLThTe4G8YO45noq8wxeJCRvEpq5lFrxNMFSTxcyOyV5k5otzJ8guDzYegdYlcLMQ==
dm-sans 5.3.0 sha512-lYJtMXXO28q1z+yz+z8XKd0s4hXaa9QdkETzkyD760sidCv5heI86weYA0sx0Nc4pAMAQTUuyf4gO44cYKKS9g==
exo-2 5.3.0 sha512-jVI6qXPPuV1Fne7m2Hpyc9rTt4O7ZIo+wsUZZzAW+u/iHem4CyWXXCGUoSw3utZUW82/bsGVQO9yO+hDsjZH8A==
fira-sans 5.3.0 sha512-z1SKSG7eRhm3srlb7rQ3j77QP4TP7OFxCZ4wUWhCdt+3hOF9K0AyvybpAsz6+JWNcCVV7AqC7dbOT3e67P2r5A==
fraunces 5.3.0 sha512-LEHTOBiZufQzAvnAe2rZ8ZknbDS28Q9kzwb0L+gZJEmjLGr8hhZ/5NuHXwDuHBWhVXYoiGGXmrb0H6Ko/RrHTg==
hind 5.3.0 sha512-tN9N0AurZa2N8JakQw8Eqs5/1Rzpw7J6YA1mYpkkHZ3iTw1JjbSHq6V6hGjhRdZlUMHk1sN+jOhPmuF+RkRKEg==
ibm-plex-sans 5.3.0 sha512-CbE4CbbEEZJX860XyUiRpsksXIQR8Rp2XDva2VO53NJox9tVNtusrysd2x5YkUEY3ErQ66W1IiiQL8/wihhw5w==
inter 5.3.0 sha512-RofMylZmjlJEfELXeNHFWBRcSs75rGU/6bV2S2jfnvv/3rPXPGe0LgUJTklcHZ9lM4OZmAVFhcJPnACfb91A3g==
josefin-sans 5.3.0 sha512-N2xY1l8gBCNrlRa0tMnjUtbSJb/rqWmPLgLSMq6H+EY2/uerAHtbyoHsQQKwhMA8hJat7S+OSk6saxGMceKKvA==
lexend 5.3.0 sha512-4igbsooynC6xwfagkAW6eo9JMrw8ALFGkWn1YChYmYchufMJSPgWihD+cy5ruX5YX/gDk/gllcl1Oj7q6KUZmw==
libre-franklin 5.3.0 sha512-owd+HDvD4hnGHG1jO3rHtg0BiNT0DJbZMaSqJ7g4r0646G5Q91MjTFWxZbpwg8njLu4BSH3EBqwkVSMLud6brg==
lora 5.3.0 sha512-OK1g1z01rHVPqO5aw/FOIoDqc46KKYZdgL3NOLkxLWDk6QhDHhdr/h2BV1cke6gTvR1tzpDfdKyUkGsC+sQLeQ==
maven-pro 5.3.0 sha512-W7z2U3t0XHUzAAFhx/rQTw8ga2OZkiwwEiNq1G1vJzE4shOs9d2Oj5kGmt+noaEKQR4jPB29upw9b61KFX4yXg==
montserrat 5.3.0 sha512-iQPDtZOnmM5ih4JBGaMSXisRap0ixb9bAUw2hDtY7EjVfaqiiNlKtVuJl9XclxUwtwMMHNcWXfQR6zI9x05+Tg==
newsreader 5.3.0 sha512-AFR6ZKY89GNL+9qBI2P2+66NhD5bhOj/v6fsLnFYLM4E0JnMB1yKb+Ro8cA64i1hwAWoBfTq5CHJGWH1toLDkw==
noto-sans-mono 5.3.0 sha512-DPZ+/Ng9HP5UKiALCKtoeGfA7zJzEjHFB/18OU/c3+4I9zZ3eMVAuFZb0SqzT89Yj7KNhJFYnYjyDaVKhdRuUg==
nunito 5.3.0 sha512-vw9TaTQJ/zpEpKrsODuPmOvaVjXgdda6B+xXA4YqjrdeJ62MLgVoDerdRXFQHyBnSCt2yQ2nHKCHPP/Pv7Xq4Q==
old-standard-tt 5.3.0 sha512-9cXU8XWqw4Pz9/9Lf6Otf1GPc0y17d96/nP9tzs4PLlq1IFMIxXszL3OLldaoyAn5YGr1r+tIXr0rlbgIeCYrg==
outfit 5.3.0 sha512-0AVHzTTVJSxWDOxPKSfMeHhZeBFDU3cmgrcOb76ZEyhGo0+xgyG3GsLF3h9+X8w0IX7G4jzjJgFQEBiWdX6VgA==
oxygen 5.3.0 sha512-iSvqFbnKt58oJqvsCHHG+dKRJ9IzMhIz1XWfkpWE2KKxQbaGjG+ELegyjvp7NWqQqOEdwJtdazUuUktN+dO6Tw==
plus-jakarta-sans 5.3.0 sha512-9WRw3G74Ve4cyPApAZSXLPY5DiLOZXDn7Q7dIBjFBpA0Pj56ljDItEdy2UUajjJxRuTg2HkMLO5C3K2nAQORWg==
pt-mono 5.3.0 sha512-AKXUTYCdv53jAJyzk3AEns6PdOvL3u+AD9Y4Ms6BFFRC7WCqYOvywujYT3gs00sMBIPs/J8iY7SQljk3wRfovw==
pt-serif 5.3.0 sha512-ST+j/byBGZw6H+TQMX78o6Qlngfj2Va/Q9fAJxq54Is1ZQk1/FhBIuqyJcLmnpi0trG8V/hWO9Bx6ZY09A0DBQ==
questrial 5.3.0 sha512-3ewssxQBpTbNPRl87y7R8qwJ+F2uXnBBFnqz3kv7Mu+J5vki0iw8FDpOy9U29CaGkTKvVvu4WpfdFOiE2OFgvA==
raleway 5.3.0 sha512-BTWr1I14Ji0DWpS/KCIq/CXcvxXWgMO73gynWpbYv7A5wlPhLevozgRmdPJvZmUf0fhH+Lju+F4nigJ6Ums24A==
red-hat-text 5.3.0 sha512-/kgNIUqdoc9uyd4zK+T7gEwY6bYF+hSCZeQTl8Ni/oKtv+a7YeCyQwAE94BeLwud6UfLqn90gBFKa3gCpiZnRA==
roboto-mono 5.3.0 sha512-yhwplHMHW9dCk+1pZuERfcJe+K3rosGVZEoK0XktkxRSqQ9qsipSwwiuW2/8Qmtp9lzu3Ixa/ie4BMH3i8CkZQ==
rubik 5.3.0 sha512-Nks2mn7vlE1jZVHuVgoKU2Ejqjvd+GJzLRdraCjo1xc79oo7O6vJ8pcvSfmKPGX3/Ln7nt09XWFzPeu2jWf0xQ==
sora 5.3.0 sha512-SqW3OpKxxfKvxDLPlbdrWf2KooPfbd+W3jaYn483o+Y/JrmU87vjFPNptDqwP428c3vY+gnranLhjcbRaXB0Jw==
source-sans-3 5.3.1 sha512-O3YxvbotUOgYI2Zx0bBcEMNjnwitRf9P2+9pd54sMoux1NHrdXnMwZusw2P78lFhEzOPN4glOEQmX0ASaS68uA==
space-mono 5.3.0 sha512-FrpBMOVWn3PRdRHlrZWC55X3kZG/2BTH7SM5ZyS/bky3iKya2BturI5lk+t0RoDQL2JyHzURsVq/EisCsxpI5A==
teko 5.3.0 sha512-Kkc63jui7yWWSX0mYEhakA6vi5sK0UlTPn+ucNacqBYQ5flFpj2I/TJ8Vo3JlR9RG9kzUxfjAo6V/do7O+Vn5Q==
ubuntu 5.3.0 sha512-LsjJXgE430QLs8LKfn1RIFbbdGAiZBU1gao8ASa4Z2kGNGh7lMb7Rzx09v3bLLuuK+3XA/JSLgPWTAbLD6r1fg==
varela-round 5.3.0 sha512-g+A+D+L4jFceYaD7NsejZNLDejU4sKdhqsKo6BqLO5X+YriSmPJtUe9RnP2o5kGo1/nSnrGUHvVL8N3t8Djatw==
work-sans 5.3.0 sha512-3cKV28+bEiLGdyOl0VgEGCFWE1XdZJu/K+nH4Jt76XC3T//XrRtm2EF7jA61GSMIy8sYp6ZFTE01nD3lLaBV9A==
"""

_PROBE_PINS = """
alegreya 5.3.0 sha512-YCsp9dHYfMNdggXxinMMS0nkGlZkzs2MvPL7qPVjSO4DM1uJ29hmKEdTC/fBP+2K4Aa+4Z44JuOQz05eDcvNJA==
archivo 5.3.0 sha512-5DIMgPVJRi62OqdOVoogCFxP73EkNM/E0YVTSDIQlDEJfDbxqZduwM/YoNZwC9Sx1CDgpKinqf8ckRY1QNIecw==
asap 5.3.0 sha512-zaSngeCGUKDOCh8TaVqn807zJLysSg4l5OXe4C7USZGilphzcfTTxoX7LOQwdG3toeW02ZKg8mH5s+PFrnYQ2A==
barlow 5.3.0 sha512-tGR0y6QObRtKv71MOth44222+mdNFM/ZWFWDV1VLzNbG4oK9PNRlyJzmkck4vHAi9ibHBXgt4SlY51amFP55CA==
bebas-neue 5.3.0 sha512-nCxMEb9Bg9sjNWm9TIOsvHKDMLRUfEZPWpLgYu6m9KavZZVSA/WoHzI5wROwqA+eNwEi/PNBAcB5Co7HA3S0Cw==
cabin 5.3.0 sha512-c2NSbpO6XSqaq6E6ztHqgdNxzCPJCxkNvnSEjkQRidlL3Ycac00sS9XTRT6RfMFeB3+C7V3vgN1S40nM6lthuw==
comfortaa 5.3.0 sha512-ab4DERH0q6ko8QCpEZzOV9ebK39LgQ2oM91AkLNqu0VIxxwT0nV2D3sOuI7iLirWWq4IMooaIN6/2llxrDN2JA==
crimson-text 5.3.0 sha512-W1kLgOlsCD/8DhUNECgYvyx86+t3wAvA0w09juD3XtmwAtV6vuSEwijN4q8fnQ1LgQWV377jQiL8dpSYwLnoAw==
domine 5.3.0 sha512-rzEcXp1qmmChcoah9FamFoFshGsxkCEHOQ4FQTzUpIWstRz5k/34Jdc6+z/NTzM5izm5UfD8TOd1Cqfgz4w3BA==
fira-code 5.3.0 sha512-EJL968RJRkakubAj/coU8pSUaeTE5UNoRjtzAr6kGiSZ3jWuN8/AKWHwym/PFUaQL1q7IL/H+EXs4358YhrTBQ==
fjalla-one 5.3.0 sha512-KYJMzU/5Ab7cD7lMiSM8SlqYSuWIb7GOKLH408VfeTZ9JT13j6ctuIbjFYmgQlNYJRVxDf/fxo0TAH9bt/YhMw==
heebo 5.3.0 sha512-Z01U2fWWrfJnSE6SmDYtZJ1uCnKs8V3WSdip/lVDfKnsC1ASumb7IZmOrXjaYK+PVm7qGD3+4cwTAFOxG5uMaw==
ibm-plex-mono 5.3.0 sha512-eTgnZjZEGk1QtD3ZstF+Vclo2HLAni8YMy34/DxllwZvyz1lR/1RF/xTiAquOBO7MvqBx8D2Ig2WCPMVfdZu7Q==
ibm-plex-serif 5.3.0 sha512-zwPfHB7EJbS5B8qnitPigJYzNdnt6PUeaoOA1gAAt//1pjpTVZN5sOU14NIAZ+C1xypL6GWsUG2VMYJW9bhJqQ==
jetbrains-mono 5.3.0 sha512-fqDfB5I9f1p1TV486aUgB9t8zP84P0O1FtQR5Ol9vjwPy+S+EIGlVYm1cvj2W5shcZMTg2nZFdVMoH5wFu8a1A==
karla 5.3.0 sha512-zHBkxMumwFE+K4RgHQAv2xH0O2lAX9y4zPun5JEFZyNQQclZ5Oz/XvByE3CB5+rnxKEV5BXlZShIEfz0VILDmQ==
libre-baskerville 5.3.0 sha512-IA6OLq36/JWMX70Fha15sri2qWsijFh7hgdDXCRZHjKUHtWarLQoiGilvm7iMqm7HiYFEv9acF3+IuRHO9kUiA==
literata 5.3.0 sha512-9JGMT5+YfBK49thoMq9ASaMRJErHT4V4QuMhAEwKHRLreOsIMP2xP6ZRLhPJ0e6YlET+kjWTJuN7LAxt9/gWGQ==
manrope 5.3.0 sha512-obJ1Dv3+uCA6HlHgW8u4BGYxJR9In2HW7gjJhlflEvkrj1X1iSEwu0fToL+JYGC/FEKFfIz1sBuPduvcL2gIAA==
merriweather 5.3.0 sha512-9LpPsNTYzRALj468Uj1K9Usl5eXk991L/kKmcpdWbTF1na9NfMyAXMgUABlMReViU1MYBz9kJ8jEzEOtX9qGDg==
mulish 5.3.0 sha512-Fru/fmJwg4ZlKUU4jELz6/guZhba6Lz1vraAROqooYnUbtj1iMi7BXFkQU7AkB6QP5swpvwRnO5chUp6mNh5mA==
noto-sans 5.3.0 sha512-fBCog2PY7DiVVTEEqtI/Qdinx/knobHYfoGpjFXdfBX5RoJaBp1Prw2G75p0OIsdlMZg3cLo0c+YbIUYOxnQJw==
noto-serif 5.3.0 sha512-ZrMzjuQlBIcw+qma1slZQdU3YDJvrjLG+9CWU1bxSf3YTkucwqd3EYa/Kfo4Ts19w8IMTGAmtOE3d6wWlgnBtA==
nunito-sans 5.3.0 sha512-CctNhebQ2YYJUwVMCAkHexQg7yedfz9s8JzaETALyc9QIQuDFRlNTWXux9H5PsNLgptPkrzRDomAdLJt1sDFpQ==
oswald 5.3.0 sha512-16r2aHActe0pH+9FLdk/74/YxXM7HpGak05kAzx3RvSToiJwGvyhv6GvckPz+YuZmvL1nxWbEop2jAXRcXYPRg==
overpass 5.3.0 sha512-601DJ9xb8+8XbxAS05+lkh9cW6wc4TnXL2vhQBUN6PrtE/mQTgxqrqac7rXkthyJO7c3KMHOpl9Tt0sRql1p5Q==
playfair-display 5.3.0 sha512-uJSABalvdWc10fEPppQjQocamT21LEyRfzzWfRfqbkPz+sRv+kKpYDKyluBUskvJREkJTos9epj1WjQROGu99Q==
poppins 5.3.0 sha512-cms1nM7U6SN8epIV1WMVOV8VsA645aSm3wHfzIQnkk188U341ThbJGSl2Sv54V29gnDbT2arMPfLzvVIIVCceQ==
pt-sans 5.3.0 sha512-qisFKuquwSWlELeuQHQldOa4oSxDAOFpak2hj3FjFcdo4eCUGV0trhIBk3qt+Py50L8JKWHKnnL7/JPxRH0TPw==
public-sans 5.3.0 sha512-kjODI0S3zdv0mBYCIQ8TbBayaiqszpc2UbhJiO3bjIqVVXzcWfHSt2o3WBCLOY3juaGaQoy4MoWCcgmfI5hCuA==
quicksand 5.3.0 sha512-epmMUyXI39f88bZSCyKlHTZqUWg4O7DqrTXOKqsqbVKMLshX9RtIYCUIw+G2nOfEwdIHIjYbeWdwHRcEzRXBRQ==
red-hat-display 5.3.0 sha512-fD3uZkhdZMHzpSdHMa000GQSVPQNuYr4AMu3Dx9UhrM35ynBIC4w3fe824d7aO6wHyR2e7pSrUhYvTBp3VRg4g==
roboto-condensed 5.3.0 sha512-Vbh5pesre/M/Jspd10btdKRqLSTe3yn4l6B2tXHGElCeASfA7Pgdpu1mb8wTG8E72J4Xk6FUfqnSe46UN2QAog==
roboto-serif 5.3.0 sha512-Q8FYJL6DSMAFZK58ktrEOnm/T6bIHQTZiqxXMqq5kID+43pQzszjr39ronjwT0ee21OQJTmv7myfQEtoLh7j0w==
signika 5.3.0 sha512-X2AwuFR6sqGeO9zwjsZjnAkv2NSvDbflhyolpATZBHo465xZGGCJmEsTfQUoooCaCBKdW43sD36ueQIu7/2p7Q==
source-code-pro 5.3.1 sha512-qsJEkwJWXYP/9clmtt3BsIlZ+Lr4cuRgNAgu0vyZdCgESMRMhRkAmEFFHHNM81VdeURqg5D5+Rr3bALDFav78A==
source-serif-4 5.3.1 sha512-cWcTCXjYYrgF9A67fThVir1VSc0lPEYmwQ6jA4pPt01s2MSCi/maINUcZoCzaqnU8fyUReDO97eGcBUkHgOeug==
spectral 5.3.0 sha512-2TL5WWGOZj4SIsBmPFEzKeA60tXXd1Qp1OqaaVEWkJL8IfSGLk6YmiusmC441iFkdJDIuFelu1r8lhCmQUU3mw==
titillium-web 5.3.0 sha512-+nO3ACtHoBgBgq5rzKYImyJqcbRR5cG7D5O73Iu9qMEVlpQ4KVpdDs+XJexZ6Tgcek4xSlkCI82Xd3yLNF++6w==
ubuntu-mono 5.3.0 sha512-hLwLkeAV9YvLSOWExn0heOXy+EB4wKnt648qS5FaqsiCZDS8X9kR/ueIBzzX/vNSXjFkhLRSTKqlOfFvHdD4Bw==
vollkorn 5.3.0 sha512-ES6Z36o16TZTKigivtUc8s4ZJ5rOSjU1dBNjESCCL5u+x2JaP2RoinQqg+tUOYULPJ9rNvqZUPRSIznVvg1A/A==
zilla-slab 5.3.0 sha512-xbdDx5OESJDQqp3GIp4pjBgI+qpcg4AxnHLN15ekfJbG+ZYaOXg3uBjDpYlkuPQpey91afxHBNaqZgzluJ2FWA==
"""


def _parse_pins(text: str) -> dict[str, tuple[str, str]]:
    pins = {}
    for line in text.split("\n"):
        if line.strip() and not line.lstrip().startswith("#"):
            name, version, integrity = line.split()
            pins[name] = (version, integrity)
    return pins


PACKAGES.update(_parse_pins(_PINS))
PRINTED_PACKAGES: dict[str, tuple[str, str]] = _parse_pins(_PRINTED_PINS)
PROBE_PACKAGES: dict[str, tuple[str, str]] = _parse_pins(_PROBE_PINS)


def tarball_url(name: str, version: str, registry: str = REGISTRY) -> str:
    return f"{registry}/@fontsource/{name}/-/{name}-{version}.tgz"


def check_integrity(data: bytes, integrity: str) -> None:
    """npm's Subresource-Integrity string ("sha512-<base64>"): a changed or truncated download
    must not silently become training data."""
    algo, _, expected = integrity.partition("-")
    digest = base64.b64encode(hashlib.new(algo, data).digest()).decode()
    if digest != expected:
        raise ValueError(f"integrity mismatch: expected {integrity}, got {algo}-{digest}")


#: "files/caveat-latin-400-normal.woff": the Latin subset, any weight, upright or italic.
_LATIN_WOFF = re.compile(r"^package/files/[a-z0-9-]+-latin-\d+-(normal|italic)\.woff$")


def extract_latin_woff(data: bytes, dest: Path) -> list[Path]:
    """The Latin-subset WOFF files of one package tarball, written flat into `dest`."""
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for member in tar.getmembers():
            if member.isfile() and _LATIN_WOFF.match(member.name):
                out = dest / Path(member.name).name
                out.write_bytes(tar.extractfile(member).read())
                written.append(out)
    return sorted(written)


def fetch(dest: Path = DEFAULT_DEST, packages: dict[str, tuple[str, str]] | None = None,
          registry: str = REGISTRY, log=print, subdir: str = HANDWRITING_SUBDIR) -> list[Path]:
    """Fetch what is not there yet into `dest / subdir`; a package's folder appears only once all
    its files are in. The subfolder says what its faces are (`HANDWRITING_SUBDIR`, `PRINTED_SUBDIR`)."""
    packages = PACKAGES if packages is None else packages
    root = dest / subdir
    files: list[Path] = []
    for name, (version, integrity) in sorted(packages.items()):
        folder = root / f"{name}-{version}"
        if folder.is_dir():
            files.extend(sorted(folder.glob("*.woff")))
            continue
        with urllib.request.urlopen(tarball_url(name, version, registry), timeout=60) as resp:
            data = resp.read()
        check_integrity(data, integrity)
        tmp = root / f".{name}-{version}.partial"
        written = extract_latin_woff(data, tmp)
        if not written:
            raise ValueError(f"@fontsource/{name}@{version} has no Latin WOFF files")
        tmp.rename(folder)
        files.extend(folder / p.name for p in written)
        log(f"{name} {version}: {len(written)} files")
    return files


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--dest", type=Path, default=DEFAULT_DEST)
    p.add_argument("--registry", default=REGISTRY)
    p.add_argument("--probe", action="store_true",
                   help=f"also fetch the text faces kept out of training, for benchmarks/web_fonts.py ({PROBE_SUBDIR}/)")
    args = p.parse_args(argv)
    sets = [(PACKAGES, HANDWRITING_SUBDIR), (PRINTED_PACKAGES, PRINTED_SUBDIR)]
    if args.probe:
        sets.append((PROBE_PACKAGES, PROBE_SUBDIR))
    for packages, subdir in sets:
        files = fetch(args.dest, packages, registry=args.registry, subdir=subdir)
        print(f"{len(packages)} packages, {len(files)} font files in {args.dest / subdir}", file=sys.stderr)


if __name__ == "__main__":
    main()
