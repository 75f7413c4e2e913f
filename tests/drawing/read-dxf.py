"""Independent reader of the drawing DXF (Debian's python3-ezdxf): recover + audit, then the texts as JSON."""
import json
import sys

from ezdxf import recover

doc, auditor = recover.readfile(sys.argv[1])
audit = doc.audit()
msp = doc.modelspace()
print(json.dumps({
    "recoverErrors": [str(e.message) for e in auditor.errors],
    "auditErrors": [str(e.message) for e in audit.errors],
    "version": doc.dxfversion,
    "texts": [t.dxf.text for t in msp.query("TEXT")],
    "textStyles": sorted({t.dxf.style for t in msp.query("TEXT")}),
    "mtexts": len(msp.query("MTEXT")),
    "style": {"font": doc.styles.get("DCQ_CJK").dxf.font, "bigfont": doc.styles.get("DCQ_CJK").dxf.bigfont},
}, ensure_ascii=False))
