from mlsourcing.cli import main

main()
