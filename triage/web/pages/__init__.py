"""Pages for caregivers and students: home, the caregiver form, the workbench, results, reference pages."""
