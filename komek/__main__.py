from komek.cli import main

main()
