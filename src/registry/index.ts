// createRegistry and knownGroups: being written (issue 3). Exports are added here.
export {};
