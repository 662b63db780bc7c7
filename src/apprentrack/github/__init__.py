"""The web-form intake on GitHub: the issue forms made from the programme's boroughs, a filled form read
back into add's and update's options, and CODEOWNERS, which says who may change a borough's file."""
