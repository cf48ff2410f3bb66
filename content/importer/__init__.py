"""Import a policy document (.txt, .docx, text PDF) as a draft content file for an editor (Qt-free).

extract → layout (boilerplate, broken lines) → segment (numbering → parts and measures) → fields
(metadata, contacts, citations, amounts) → topics (a guess) → writer (YAML) → fidelity check.
"""
