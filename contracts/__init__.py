"""The contract suite: a mock server and the checks that prove client, mock and live API agree with the spec."""
