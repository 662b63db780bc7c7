"""The places a programme is made of, as the package ships them: London's 33 local authorities with their
boundaries and tile grid. Sources and licences are in NOTICE."""
