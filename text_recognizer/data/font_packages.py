"""Handwriting faces from the npm registry (@fontsource packages of Google Fonts, OFL-licensed).

Why: the recogniser reads handwriting faces it has never seen only as well as its training faces
vary. Debian packages about 45 handwriting families; Google Fonts has dozens more (school
scripts, marker, pencil, felt-pen and cursive hands), and the npm registry, which this project
may reach where the open internet is closed, carries each as a package. Training only: nothing
here is needed to serve, and the validation faces (`HELDOUT_HANDWRITING`) are none of these.

Each package is pinned by version and by the registry's own sha512 integrity, so every fetch
gives the same bytes. Only the Latin subset's WOFF files are kept (FreeType reads WOFF; WOFF2
would need Brotli in FreeType).

    python -m text_recognizer.data.font_packages            # into ~/.cache/text_recognizer/fonts
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
REGISTRY = os.environ.get("NPM_CONFIG_REGISTRY", "https://registry.npmjs.org").rstrip("/")

#: @fontsource package -> (version, sha512 integrity of its tarball). Google Fonts' handwriting
#: faces that a person's hand could have written: school and print hands, markers, pencils,
#: felt pens, connected scripts. Left out after a look at each: calligraphy and display faces
#: that nobody writes like; faces that mix capitals into the lower case (Give You Glory,
#: Nothing You Could Do, Just Me Again Down Here: their "k", "r" or "brown" would teach capitals
#: as lower case) or draw a letter as another (Over the Rainbow's "x", Mynerve's "q",
#: Hachi Maru Pop's ","); faces without every character (Covered By Your Grace, Yeon Sung);
#: Andika (a print face); Nanum Pen Script (Debian's is already used).
PACKAGES: dict[str, tuple[str, str]] = {}

_PINS = """
amatic-sc 5.3.0 sha512-qGAftmq7o21ViixCApztfLOe6TP0VFp3x9ac5KVTwBqW6SU8YJeGWgcLHOfBkooAI+/411R/flMqXos8GseNkA==
annie-use-your-telescope 5.3.0 sha512-FKBTv9j8AMRlHGRtTTSF3NYWs/0MVfOZzpvgp5phBVW+zAzh1iC+uglKiPYCYNy0T+Cr4wyREqVezYpHxQuskw==
architects-daughter 5.3.0 sha512-uezOgAlbhmf9nDW69VYq31lXNA+0uRFWXBGCSFWLXVcrNESFHpNjvu11kJss1PMsfH/YKz1hnnYB+JSNI/t+ew==
bad-script 5.3.0 sha512-7MElotXA5LHyvyElVXnwPpT71wYSKLmpvm7TV0e4ahaRP6D1vXocyfHOgENi9MHgRmGxhmz7Gr1fDuji0MNvkQ==
beth-ellen 5.3.0 sha512-P0v/YqMWSrULFuccqjUwKMiyIuYOsx76+8b0R5kkg5aPd+ugAtym3n6e+a7CfmVpfYRRHM1ggeMNV9XXF+lMcw==
borel 5.3.0 sha512-XYt/ZcbObYv+CT+861JBfpXgGiP0JCiFWnBw3v32Ei9OcBwOWC39vTi9XY781LltDfhvbudd+iusr3hOckmQWw==
calligraffitti 5.3.0 sha512-mNxK51nBKzpIvpDeOeEgByf6RMUfYVODOuZ5CWe0LGEnJAZeB614tiSjjkbxYe9UGOLAar002ooU4ufGIZXKdA==
caveat 5.3.0 sha512-eHTfzQxFSW9ABERRLNruHoNJmKed2J7pqTUc5lp4a4POMgXGKpxmWj3d9Hz10kmAg6iuTTLe6UagbA4bnsmfQw==
caveat-brush 5.3.0 sha512-BHSP/9EKNUtnSj7h4TXuYKOrQWgnkCGm7QMHYiie0xSxtlWKbND6wLkhAgwUtUpbz5k8XL8CWPRrL6tDV+JC8w==
cedarville-cursive 5.3.0 sha512-wHP/LV0JvHoZRpfNAnDa9p9dAjIqB0gaG44MLs4+MsuQhL3i6+zGDTmxvxMx4bRe6r/HkChxIaMxjWOfjfSdGg==
charm 5.2.7 sha512-7YQHNfUyTApkgghY2A1AQ/Hq1q4sxF0L2g4CzOHgQdQ8o8X2oUMWNDN0QU3tWK6rezvtXJO3jLjiPma+GD1DIQ==
chilanka 5.3.0 sha512-xn3vzDjjiW2U9ADLgKZjN3whzG0UI018/9y9LuaJtbFylgC+1KARXLsNc4LeQfoukA6LtSLScya7DsnLgBNldA==
comforter-brush 5.3.0 sha512-IbZzcqcRs/o+JRINszM/I/ObP+s7WYhVigLxbBabZqloLn/N4vP3ouv6RvMDsywm4YqcRzOZ/+gEVci85VLKyQ==
coming-soon 5.3.0 sha512-a5SW74ZAVTiGhu3Ml+rRvySYiW4kCXps+CTfPGIoEMbOl11Cy2xOF5UE2Pxlili4fGYrd/bAStaDFqbtEemx6A==
cookie 5.3.0 sha512-AtnBsONRkiiS+Qq9SgzdcbxMoBgLZVgeHOOqbwtfbmOdxIHKQBhkGtCHk9x5e7iY3zifPC+Q0dQ8SwsO9iLeFQ==
courgette 5.3.0 sha512-WIJoNC4W4ur9pvqknO8SJUld0L7U0YDjgv23f8pE+Ec/nMDCVQ6NUNc3xdPSDIKTsXxVJ8lMOkk2UrkIrcc9VQ==
crafty-girls 5.3.0 sha512-y4od4B+RjEqi7lXu3YTrLpKY5P+ZMPw/M2pAuUSQQPRJXD2zyZKldxqD53osItC/xWa++N5OmsZ3+O0XM15ZXA==
cute-font 5.2.8 sha512-WwkCWEwKavcfDMhMfC2RyZWHOXxOuJHp/1bp4r580qx4RjlVL2Sic/iKvkqXGZfUM0kcup9V0J3bD1yBXzlY6Q==
dawning-of-a-new-day 5.3.0 sha512-G8r51s723zK2BenoOXuzXlvXdwgtVWXPdZotaP0NVTDIoE8JCdy5+EcK2X3vvXwGbVjDK15u/0TwnfRv/Z2R2g==
dekko 5.3.0 sha512-KbCcnDohm16E14EDiGV0XbTd4Bq3vV2zyAt5tQA7ddcP3oHFQBOCseQSV224bVLE06GBnaGqC2Qkv2Itv3hjdw==
delicious-handrawn 5.3.0 sha512-XeNjkS06KdZbGGLZt+C/XfTbkCg1VeX52d3THKJykrHmsCV8U4lPjWvF2wzEuWVPjl5mrPBOjM2FnKM38j/N0g==
delius 5.3.0 sha512-gl1jlqiY302zPebYu5VPR9eimIzdaCQCLDALpqWLgU0F80mMlu7p8X8p1ivSFif/qBpttprrryErqxj/VFYzDA==
east-sea-dokdo 5.3.0 sha512-enU97VwzWkYoPpeSBZaltrS431FQSwOyVTlyqxduhGGnNAho9hRGmP0ENxxMm5NTS6r4sqaWQ9AKVsJVNSMXYg==
edu-nsw-act-foundation 5.3.0 sha512-MTQtFdAtaSBT6ZtbO6FYccYtrp8FJKR24HIIBXQ7awLNtoSgNjszqSs8NcF/ATnOcQN7pvpyrZEJW6pcIMrx6Q==
edu-qld-beginner 5.3.0 sha512-zQ7lkQItmihYXTNMWZSviX0j2yD14QnXhlFe0TX2xb9c8VDXDXF4D01bQS+C3dwYFeo30+fKn6Gm8saDukSlDg==
edu-sa-beginner 5.3.0 sha512-gtJc8KFUKT4J67kz18MnTcw2R2c5gG431iQBp6qeZ5LuL4RmTfOTzeyVnfaXAGTuErvgAh81cZe45HjE4785/g==
edu-tas-beginner 5.3.0 sha512-uXQLzVHbVTzSwyqf4/iuJ2eeK8/bzBDrTO2mRKU9GWpioI4qtWzL2BEpksL/EWB9/hAm3TfvVLYbHnsXeTPfRg==
edu-vic-wa-nt-beginner 5.3.0 sha512-937PDzwEBNad4L8YYwUcdPiTNDBap9Uq2l6KK4Mk1PxWkaYpIKRYq/Mf5uQPgxA3FyJgMu4exVeAbEjkevUkiQ==
finger-paint 5.3.0 sha512-Y6XRgOOdxX6Enjqal3a7lqWt2soQad746HsmBdzujHDjnPAk9EDpsskmFxULi1d29q3Tmt2ADOISPmAgvYH99Q==
fuzzy-bubbles 5.3.0 sha512-a3OG64z+Ut8doNMbwhbrtLDeT2Y8xPb+UbLZOpy9bb7bBDhaYQCaoIBY/DRhWhrKgVzpVLBcQj41O2dZ9rpSaw==
gaegu 5.3.0 sha512-eSVEXay02/DAB5BtH/gpsujvpT78EjO6XVuNA1ap1G+xvr3zokU2HoLoaW+CfzykRuVgDQ2oZ1oe7VAlmGZt/A==
gamja-flower 5.3.0 sha512-/Y9xHzyJ3+BaltHRDKT+Iwg439M3CkGtDXVQlOysoDSYg35M3a/QYSvX0+mqupE+KQYBtm46wXS4V8BiFJ5udw==
gloria-hallelujah 5.3.0 sha512-U4gt7qqWGn4bysvZZ9BBv8dlRzb11dFUMV8t7xQg26th2zPou/obRjR7MlxeTvVxYd1geWnvZAJprh/bQOG3dw==
gluten 5.3.0 sha512-e/mz/tL2R60qozsNBR5fUzrxGKsgly5LqqL3aPqWxkvSxCl+dalkgktJIfX5TXTXAl8xN3EoxOZjHD+AQEkr3A==
gochi-hand 5.3.0 sha512-IW6Xo3wbZuTLyx7hZzIr7+VSQwQ3oEiLZRphBnuNVaK+dhdxwYw57/r1NVi8x1ubX4OYyCG2S04mH6tLhanIsQ==
grape-nuts 5.3.0 sha512-nhn/UsX4cj/QT8pWSb1uwA19JrsKWXfGgic68B+691RjORF2rKpIFVj7RgYcTAbZBAEkAg07qNmXs2TZt7x8mg==
handlee 5.3.0 sha512-bginDzMq4WhtYCcCR5O/WUh6mjXgZ17miwY4mSCR6+Z5iXaUGc71GuFHdFKsZBTO+9CZqRRfXaGtTSz4IIf29Q==
hi-melody 5.3.0 sha512-XrJgNcORA0hIA0IQmEj0xYeRAGFUHD9sQ0BGxxz4h+SauHeQRTuqU0tC+azJpvInW0Qwz8qevawYy6EtGo687A==
homemade-apple 5.3.0 sha512-awJSYTbSY3SroC8nirEhDauHvERVvm0LI3FpUHsPZXl9Tht1xrqhiI8ro4yf3ROcvQ7CfFJ/2+DLcOHBOXhJKw==
indie-flower 5.3.0 sha512-Wo5eN/ruEQcyC3+ArzhlpqWQgph3VuCNbJlEkVw17LUd0uyTHOb9bTec4g9njQzjiL/ijACF27sSwy90L6kZBg==
itim 5.3.0 sha512-y3m8RZeRCclnuQHgiRYIitCKc7iOthBo2SBYY8aDuyToKwGAvRMvBXHy6mdYceJbamRQrShEspXzkXTMDN20nQ==
just-another-hand 5.3.0 sha512-bTlWMHx7fSJK5LGAJVlna6ZkOPsgz71J2lBGl931BiigvHeV0/5y7hT2evZWEztlEtNJ29ksqLpJcYc1qZ0HFA==
kalam 5.3.0 sha512-FDkVoDfPDCSN/eO81FOYtUI67eMgpVBJmjBtAqSL0PmEhJyeFY2biC+CR+yEttksgXR9+swpFdYmQTyjwBq80Q==
kavivanar 5.3.0 sha512-d/3B5d5KAW1Mxo0GZaLdc9XRIWfN+5vdsbloaNBqDP5O9KNBgl3MzvyMWxKwmxgNoOTtL2ox5f0Fd5NYvPEfBg==
kite-one 4.5.0 sha512-dZbatiri6PmZqCmw3INLAvP1IPoBF47XgEK82Ez0ZewSu1FiLrp5GBPAq43CX2ZYFNGOHf4Xz+QYpL0Z+YaxhQ==
kolker-brush 5.3.0 sha512-iVqCZshYVYenvfJqUGVfohUwc54vGY2kxPTGBxhRDfqIHGdoJ2mjWqjgmd8NEvNnuCf3HUJaYakvEmfKCtd/1g==
la-belle-aurore 5.3.0 sha512-EEzeg3+Ym/9ESBw98/8OckEDxlkMMrR0wlwctGNX9oN1X2DyQHHLppB/ErwfwkptiWtkZYRNyNfZPkUcaFn/Ag==
league-script 5.2.8 sha512-lC8atAkkGdUU/od1WPe9DVHQOvrajvcI1UAvIbg+2DIfkpy+SwNOpARlhodGaX5t2oxpDj41WHu4/fALFPCDog==
loved-by-the-king 5.3.0 sha512-c0ccNbPtFSOmyw+aVpKg93pr+k1pFNaNiz7c4xJ6KizF+Dmug15E9x8RB515bq8KZ1w5uQH9ZW0b0gTDzviMbA==
mali 5.3.0 sha512-/H7zdnFcBUdLh7mPUCLWfCoQVgtvnVKrlHjknq90kltPvUcu0nC9ybne4z2rzTghV9ez9N7nRDvRZesODB/YbQ==
mansalva 5.3.0 sha512-Ue525bEZRg7Zu3PbfBW08JxmpAgJD4zgVgv5cMzgoLLh0inGFvKKHTwx7NPImv+VFrfqde/E2V8HWWnSgkabRw==
marck-script 5.3.0 sha512-PLm3zCeXB7osgon3TC0bjBFPua3d5syocLWFpK5eZZGoaSsOw6bpHLdMoGB8PkAErf4RiRUEiszs+Y7JhDnB/w==
meddon 5.3.0 sha512-uQCdwGBWAhXUDXsh51slyIJbCPm/pBrkUsgGDLkdcKUgBnAiS7YwNRtPodcNDkLYhXxhecqc0Sydoy19tZLdBw==
mr-dafoe 5.3.0 sha512-zYTNXnERIkYWqFDTOaw5Z5xL9H1twFhAhFwxFIEWA/Y+dt0E3XpySsFFxhiOElIZUAOMuVvxrd/s976G/3cEzg==
ms-madi 5.3.0 sha512-pDRXXsvH0PXLABV3w3gP1Pr+jQx9bLu6m8UEmSENvKMxEIn56eRv4itulkYA5fnXdg6ttfJvA5pjmYvJ7PLBwQ==
nerko-one 5.3.0 sha512-7AYjxpgp1dvgq0/e3qVYlOViGt0TEmeuZ0Yv2ti2KWaRnwkJucO3F7ChwhIrDzpKE0/jgxoEwaf7bL2RTAnsjQ==
neucha 5.3.0 sha512-7PoHR/5toTeYP3T6wJyZ8xcT3uTJ6UcyAgrDo1OIUtKX/xuxbblvUyVQcN0lQEppY6EgkCC8zMkFsBhwUvWXBg==
norican 5.3.0 sha512-aqkjCE91qeQcsUrkxm9UMYWnK2FTMM8BTTRMCNf7YzxnZzxC4MlwCN+QvHwmpdEa62LNlYM5AQTaMwUvMsgAZw==
oooh-baby 5.3.0 sha512-6Qtcq2/QaTflcTJ8T8vwky41EkH+fsPICBUrqM6XwuPvc/BOwpLSKDcXZsDWLLQkkYBepZQAXBKIOnQHc/4TPQ==
pacifico 5.3.0 sha512-bWv0fHR1n36p7scRn+maaEaVeQCOq9yvfVfjyAeUzKrK4Y/3qiRAEj4hJgfxj/sjgZZGkeHyKPrbWdDaZtpCVw==
patrick-hand 5.3.0 sha512-V8C38IlIFfdWg0Xtri3F7sLCVpm069rUwn6w4n+oyn38gt7H4arOJmuReg3tAw1Q6jHqZp89wTnAAJagq4Atxw==
patrick-hand-sc 5.3.0 sha512-aOTz6DMfmqH88dR1oKtsJWoA6MoY5P6F/Bt7AFxgCsG9LzitbcosVuPYq/lzLdhulAtzci9TRAM6nztaLyWQsQ==
permanent-marker 5.3.0 sha512-ZO/NtYW4SCc/iY8N3dmjWyDITcXJ/vhWZFgnwRcvzwCKKnScMrM/a2/6VHlsjCVuIgmPzNrCFbedEYhv+/jJBg==
playpen-sans 5.3.0 sha512-94O9WdgAmvFpAjsPOgg5JZII4clcNeeMqQdNZh7Jz40rmcNv05jzwxyuw25IRjTb4o2aMV7eXjXC8GTFo/+s8Q==
poor-story 5.3.0 sha512-L6FR+YlMi++oUpL59d9I3WrhPR8puj/LKGJtYWfpIZteQR/gLjaVHmohlXjMGoXR3pNtKrDFeP2xbmykBRo6HA==
rancho 5.3.0 sha512-z43fUmCskj09DC7V9Nj35nSVY5R8OoBjlGj/n2noNqWZAsOMo80A0ifEnDgS2PQp7N4N606cL+2iXHKVmqz2Zw==
reenie-beanie 5.3.0 sha512-PgEiqKdPCLlvdY2IMWMBdYyMdr1mo1zxVBRNFlo3gclnCz560iiyTTt0dU4/VIGnjhyAb3gSWIQL0qXnn5oaYw==
rock-salt 5.3.0 sha512-3Zy0QtrDbq5jrAoMz1I3fXSitSpD46m6S+5W/+hfTZtpbxq9YAC1QoXkwUYDQxtfc8O0k8Qtl76gULQ+uCMznQ==
sacramento 5.3.0 sha512-KkqN52aTsJ0pSBva/NREqFljs0M1TwMIpNcqdSQc2EKR/mVU1CvM2dazf9eG19rHMTIssjbia83nGG705SlD1w==
satisfy 5.3.0 sha512-dQ+Cy85XdwYnwlzWcbkmA2Qkpxam0ZHDaGm/qoGHlyHKRVgM/BJN8RLHpRm31R0REFBQe5Yl8Ke5oTdpcKdPIA==
schoolbell 5.3.0 sha512-7AWeUHHTiLIKz2V8d0fuG7mw8tlEoQ8Z8dtTpXTEs9hE2z6YFe1RjCCFtYuaSuPLZqYNVqzQ7owG/xJpTyY55w==
sedgwick-ave 5.3.0 sha512-vGquHj820A3Zu6nuspfLILpSK/NlLdfAAxFMlhFSt3Ivh/abHanB+0etNNmhUccwpcJyW2fsbFezCP1b2EFEkQ==
send-flowers 5.3.0 sha512-HJ4tPj+R8YkxHLvUOQ/n3WoCEMtI/TbtbGLnOZR4eDs+u3euW60Y3AhJiOT+XCXUr3rsaaKW7LeTAf6NBl4/RQ==
shadows-into-light 5.3.0 sha512-3dvv0i8/ZwLMY08AAlTLivHUdNQYB6Fxe92d7BZiGbHY2GQnCxEd8JC9CBzxTiP4iyWNa6OZn9LXF+xjc9LaGw==
shadows-into-light-two 5.3.0 sha512-ocHR3Be4AuiTd5W8dyZVZ2E0dz/Hbf9Kn+89qbYwHnH3ZY0GBxJY0csBbrnMUeaP+qRxdt26tHFXiJccPYBjAg==
shantell-sans 5.3.0 sha512-hVKmS5EO/xGOtKx+rHuyqIsswjWp5bb91DlszxSkO4jEqOSaRIjYH/iu5gJ7QVszDlofoezZeWM5OdKgyE2jtg==
short-stack 5.3.0 sha512-nhIm4HgWq6AsM9Sg32OrsC298avDiDhqoMRMYpv5T5OSCIpAwPXpnIgJYJVLzkSC9hOqhKxX5NGZ2ViaDM+7MQ==
single-day 5.3.1 sha512-6RFVF1vwMlJyEWBo/0XfZW57jRYbihIxbtBJze6sfWBhFZZRZ3t1fZbzm85JwKG5bsNZmggQuqckkIUTGJrIow==
sofadi-one 5.3.0 sha512-6BXIKBZ+zByp3HDLNSjzYkWw1fhiUUI7qeRGwROyHDLoAudM4bjGT/J2ZHP0j0RQjJNPvhojv6pw4BKzHBbJvg==
square-peg 5.3.0 sha512-b8cGgpXiFhtyk26obYbFwoZy/emWS/fWvxH4ih0TJHOkkLotxmFzo/AuTxyFdrXaapwR1sfbHwkztko7hPZa4g==
sriracha 5.3.0 sha512-0JjwrC1/BXsSXMEcmmtyoQut1/gy/+wGBP1wiSPaPXvHr1yBmmU2Kl8drBSpRtvRD4Rm9Bb2/FdDK3x4yQ364g==
sue-ellen-francisco 5.3.0 sha512-cwzU21In+AcbXarvXqFrsTC9GEqMUvm3lHuNmu3DfcNkUcBIGUAL0tr5OklYJiHzuM4aJiZF1nj4gQN51Ri71Q==
sunshiney 5.3.0 sha512-kZuhG0hDUhYHa/AeTNwiRFXUNe4m+mCX8d1mJ9TNFgfttBZazVxHYeswbuPGnLE9pTI0QCOAn7rM2WlIaEkahw==
swanky-and-moo-moo 5.3.0 sha512-JPlkYzhnQpdsJSp/aVuwBem3o2JN1oH7x7V+nWJtvrLX9b0RZr/GxZIPKvhkeUrIIaU0cvmBRcMl1454q/FQTw==
the-girl-next-door 5.3.0 sha512-ysHz6+NKIRzT7z++4TrDb6sTd6GvyItwFukOBxT7fmGS87NEkiBaq86gNXqaTiaBGZ9X0Jyryx9dHHNagAeHHw==
twinkle-star 5.3.0 sha512-b7u57eZZNuGON16IsjC9Wio8/6vxQ48jNQ7pb7gXh81Jm46djct3jZFHlucPqO3JPylLG/mWtPQklHhCTCLdIg==
unkempt 5.3.0 sha512-K6olfBY6VxilzEYjA2tNkNa15wRYc6Cw7cy294v7P8dAJUg4QhgHJNHLvsJPAWvxcG5zkXSbjWEt8qkedUrFug==
vibur 5.3.0 sha512-fPh4pmAQLUJNO9qJDKMEmxwimu3VbuP9oclw5BrXVTUy13jNSUai5dSuA9x+aR5yGjuDu74NVwkEnYgEizC/dg==
waiting-for-the-sunrise 5.3.0 sha512-bWgydceOU/hl2oNpG2H4M2JIhla8OM4MZsTGPTKWlxlBjhPtmfABziRbTg63bh4OnG7aiM6tCq6mub6Dd+ckcg==
walter-turncoat 5.3.0 sha512-X+pB5BQw6/rq6bFmkQ1YEItelws7LM7j8ow129eiJUdCmRSr8zWgug4qJWyPKBDsyBfzTe4OMEzDsa4/2jbDOA==
whisper 5.3.0 sha512-9gRQaBhr5H2gtQKdklQhutZ3gErxahrn88fC2KD3e57GHqqmNWSBsQ8ImoMKYEtG6DBTr2tYo3LGNmVKALNT7Q==
yellowtail 5.3.0 sha512-atz4CIdbP7otppxRaObJiygnkyJzIuLFpPRjWspXvXhBWLB0sk35cCu5r6gSkDomRtEWakJ8//bWbyBjJbilGg==
yomogi 5.3.0 sha512-D35BWMd0BVhtYfpE7r1UfTNZHxaFVvLw4Rz2ym+yvEE7vlIfwtZEQFp4VFCvlcH+BwoAJD1mFH/r/XV7qDxeyg==
zen-kurenaido 5.3.0 sha512-Oh7XLWpdTV7/f6xgdw3pmDPpu8OHEdXu9QEL2TEjoBeg85z1qWMb4lvQYDtNQx6gaERvKQ0OrgvpS3S/ka/+bA==
zeyada 5.3.0 sha512-c2bBcLATKk5vGouGX5NeHiHEom1u+7TiHsdfNPIUgO0DL3jl5PTGWWjlMjoPh2vhllA9XiKCTS/8MY2ylT95vw==
"""


def _parse_pins(text: str) -> dict[str, tuple[str, str]]:
    pins = {}
    for line in text.split("\n"):
        if line.strip() and not line.lstrip().startswith("#"):
            name, version, integrity = line.split()
            pins[name] = (version, integrity)
    return pins


PACKAGES.update(_parse_pins(_PINS))


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
          registry: str = REGISTRY, log=print) -> list[Path]:
    """Fetch what is not there yet; a package's folder appears only once all its files are in."""
    packages = PACKAGES if packages is None else packages
    root = dest / HANDWRITING_SUBDIR
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
    args = p.parse_args(argv)
    files = fetch(args.dest, registry=args.registry)
    print(f"{len(PACKAGES)} packages, {len(files)} font files in {args.dest / HANDWRITING_SUBDIR}", file=sys.stderr)


if __name__ == "__main__":
    main()
