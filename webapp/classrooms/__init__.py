"""Classrooms: teachers open a class, students join with a code and write, the teacher
reviews and prints the class's letters in one PDF."""
