"""Letters: writing an appeal or a solidarity card, previewing it, and printing it as a PDF."""
